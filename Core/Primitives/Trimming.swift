extension StringProtocol {
    /// The text without leading and trailing whitespace or line breaks (`Character.isWhitespace`): configuration
    /// values, header values, tokens and numbers typed or pasted by people.
    ///
    /// Written on `Character` because FoundationEssentials has no `CharacterSet` trimming to lean on.
    public func trimmingWhitespace() -> Substring {
        var text = self[...]
        while let last = text.last, last.isWhitespace { text.removeLast() }
        while let first = text.first, first.isWhitespace { text.removeFirst() }
        return Substring(text)
    }
}
