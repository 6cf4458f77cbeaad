/// What sending a text will cost: its encoding, SMS parts and length.
public struct SMSTextInfo: Sendable, Hashable, Codable {
    /// The encoding the text goes out in.
    public let encoding: SMSEncoding
    /// SMS parts needed (each is charged separately).
    public let segments: Int
    /// Septets for GSM-7 (extension characters count 2), UTF-16 code units for UCS-2 (emoji count 2).
    public let units: Int
    /// Length counted against the 3200 limit, in UTF-16 code units (see `SMSText.maxLength`).
    public let characters: Int

    /// Creates an info value (mainly for tests and stored records).
    public init(encoding: SMSEncoding, segments: Int, units: Int, characters: Int) {
        self.encoding = encoding
        self.segments = segments
        self.units = units
        self.characters = characters
    }
}

/// A message text that passed the send-sms rules, with its encoding and segment count.
public struct SMSText: Sendable, Hashable {
    /// Longest text the Messages API accepts (SPEC v1.20 `maxLength`).
    ///
    /// Counted in UTF-16 code units. The spec's JSON-Schema `maxLength` and the Python SDK count code points,
    /// while a Java-based service (and the Java SDK) counts UTF-16 units; the two differ only for characters
    /// outside the BMP such as emoji. UTF-16 is the stricter reading, so a text we accept passes under either.
    public static let maxLength = 3200
    /// Default SMS part limit (`SMS_MAX_SEGMENTS`): Vonage recommends at most 6 parts, as not all carriers
    /// reassemble more.
    public static let defaultMaxSegments = 6

    /// The text exactly as it will be sent.
    public let text: String
    /// Its encoding, parts and length.
    public let info: SMSTextInfo

    /// Validates a text for sending; see `analyze(_:option:maxSegments:)`.
    public init(
        _ text: String, option: EncodingOption = .auto, maxSegments: Int = SMSText.defaultMaxSegments
    ) throws(SMSValidationError) {
        self.info = try Self.analyze(text, option: option, maxSegments: maxSegments)
        self.text = text
    }

    /// Decides the encoding and counts the SMS parts a text needs, refusing texts Vonage would refuse or garble.
    ///
    /// - `auto`: GSM-7 when every character is in the GSM-7 tables, else UCS-2 (what Vonage does).
    /// - `unicode`: UCS-2 whatever the text.
    /// - `text`: GSM-7; a character outside GSM-7 is an error naming it, because Vonage would not refuse it but
    ///   replace it (typically with `?`) and the recipient would get a garbled message we reported as sent.
    ///
    /// Parts are counted by filling each one, never splitting a GSM-7 escape pair or a UTF-16 surrogate pair, so
    /// a text can need one more part than `ceil(units / 153)` (or 67).
    /// - Parameter maxSegments: the part limit; values below 1 count as 1.
    public static func analyze(
        _ text: String, option: EncodingOption = .auto, maxSegments: Int = defaultMaxSegments
    ) throws(SMSValidationError) -> SMSTextInfo {
        let length = text.utf16.count
        guard length > 0 else { throw .emptyText() }
        guard text.contains(where: { !$0.isWhitespace }) else {
            throw .emptyText(reason: "must not be only whitespace")
        }
        guard length <= maxLength else { throw .textTooLong(length: length, limit: maxLength) }

        let encoding = try chooseEncoding(text, option: option)
        let costs: [Int] =
            switch encoding {
            case .text: text.unicodeScalars.map { GSM7.septets(for: $0) ?? 1 }
            case .unicode: text.unicodeScalars.map { $0.utf16.count }
            }
        let units = costs.reduce(0, +)
        let segments = countSegments(costs: costs, total: units, encoding: encoding)
        let limit = max(1, maxSegments)
        guard segments <= limit else { throw .tooManySegments(needed: segments, limit: limit) }
        return SMSTextInfo(encoding: encoding, segments: segments, units: units, characters: length)
    }

    private static func chooseEncoding(_ text: String, option: EncodingOption) throws(SMSValidationError)
        -> SMSEncoding
    {
        if option == .unicode { return .unicode }
        let firstNonGSM = text.unicodeScalars.first { GSM7.septets(for: $0) == nil }
        guard let scalar = firstNonGSM else { return .text }
        if option == .text { throw .notGSM7(scalar) }
        return .unicode
    }

    /// Parts needed when each part is filled with whole characters (an ESC pair or surrogate pair moves whole).
    private static func countSegments(costs: [Int], total: Int, encoding: SMSEncoding) -> Int {
        if total <= encoding.singleSegmentCapacity { return 1 }
        let capacity = encoding.multipartSegmentCapacity
        var segments = 1
        var used = 0
        for cost in costs {
            if used + cost > capacity {
                segments += 1
                used = cost
            } else {
                used += cost
            }
        }
        return segments
    }
}
