/// Byte comparison whose running time does not depend on where the inputs differ, for secrets and digests.
public enum ConstantTime {
    /// True when both sequences hold the same bytes; the length check alone may exit early (lengths are public).
    public static func equal<A: Collection<UInt8>, B: Collection<UInt8>>(_ lhs: A, _ rhs: B) -> Bool {
        guard lhs.count == rhs.count else { return false }
        var difference: UInt8 = 0
        for (left, right) in zip(lhs, rhs) { difference |= left ^ right }
        return difference == 0
    }
}
