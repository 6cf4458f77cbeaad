/// The encoding an SMS is actually sent in; the raw values are Vonage's `sms.encoding_type` names.
public enum SMSEncoding: String, Sendable, Hashable, Codable, CaseIterable {
    /// GSM-7: 7-bit septets, 160 per single SMS.
    case text
    /// UCS-2: UTF-16 code units, 70 per single SMS.
    case unicode

    /// Units (septets or UTF-16 code units) one unsplit SMS carries: 140 octets.
    public var singleSegmentCapacity: Int {
        switch self {
        case .text: 160
        case .unicode: 70
        }
    }

    /// Units each part of a multipart SMS carries, after the 6-octet concatenation header.
    ///
    /// Vonage's 2021 guide also shows 152 per part (a 7-octet header); which one Vonage uses is unverified, and
    /// 153/67 is the common budget. The difference only matters for texts right at a boundary.
    public var multipartSegmentCapacity: Int {
        switch self {
        case .text: 153
        case .unicode: 67
        }
    }
}

/// The `encoding` a send-sms caller asks for (sent to Vonage as `sms.encoding_type`).
public enum EncodingOption: String, Sendable, Hashable, Codable, CaseIterable {
    /// GSM-7 when every character allows it, else UCS-2 (Vonage's default).
    case auto
    /// Force GSM-7; refused when a character is outside GSM-7.
    case text
    /// Force UCS-2 for every character, even GSM ones (roughly halves the capacity).
    case unicode

    /// Parses the JSON `encoding` value; exact lower-case names only, as Vonage accepts.
    public init(parsing raw: String) throws(SMSValidationError) {
        guard let option = EncodingOption(rawValue: raw) else {
            throw .invalidEncoding(reason: "must be \"auto\", \"text\" or \"unicode\"")
        }
        self = option
    }
}
