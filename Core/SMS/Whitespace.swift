extension StringProtocol {
    /// The text without leading and trailing whitespace or newlines.
    ///
    /// Written on `Character.isWhitespace` because FoundationEssentials has no `CharacterSet` trimming to lean on.
    func trimmingWhitespace() -> Substring {
        var text = self[...]
        while let last = text.last, last.isWhitespace { text.removeLast() }
        while let first = text.first, first.isWhitespace { text.removeFirst() }
        return Substring(text)
    }
}
