/// An inbound message that changes whether we may text its sender: the opt-out and opt-in words carriers expect an
/// SMS sender to honour.
public enum Keyword: Sendable, Equatable {
    /// The sender asks to receive no more messages.
    case optOut
    /// The sender asks to receive messages again.
    case optIn

    /// Words that opt out when they are the whole message.
    public static let optOutWords: Set<String> = ["STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT"]
    /// Words that opt back in when they are the whole message.
    public static let optInWords: Set<String> = ["START", "UNSTOP", "YES"]

    /// Punctuation people add after a keyword ("Stop!", "STOP."). Trimming it generously is deliberate: missing an
    /// opt-out is the costly mistake, while a stray "Yes?" opting back in someone who had opted out is harmless.
    private static let trailingPunctuation: Set<Character> = [".", "!", "?", ",", ";", ":"]

    /// The keyword a message is, or `nil`.
    ///
    /// Only the whole message counts ("please STOP" and "stop it" are conversation, not keywords): surrounding
    /// whitespace and trailing punctuation are ignored, and case is ignored for ASCII letters only, so look-alikes
    /// such as full-width "ＳＴＯＰ" or "ſtop" are not matched.
    public init?(message: String) {
        var text = message[...]
        while let last = text.last, last.isWhitespace || Self.trailingPunctuation.contains(last) {
            text.removeLast()
        }
        while let first = text.first, first.isWhitespace { text.removeFirst() }
        guard !text.isEmpty, text.utf8.allSatisfy({ $0 < 0x80 }) else { return nil }
        let word = text.uppercased()
        if Self.optOutWords.contains(word) {
            self = .optOut
        } else if Self.optInWords.contains(word) {
            self = .optIn
        } else {
            return nil
        }
    }
}
