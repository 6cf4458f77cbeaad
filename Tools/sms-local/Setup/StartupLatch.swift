/// Runs an action once every listener has started (the banner is printed only when the curl lines work).
actor StartupLatch {
    private var remaining: Int
    private let action: @Sendable () -> Void

    init(count: Int, action: @escaping @Sendable () -> Void) {
        remaining = count
        self.action = action
    }

    /// One listener is up.
    func arrive() {
        remaining -= 1
        if remaining == 0 { action() }
    }
}
