import Hummingbird
import NIOCore

/// The request context of both listeners: Hummingbird's basics plus the client's address (for `REMOTE_ADDR`).
struct LocalRequestContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    /// The connected client.
    let remoteAddress: SocketAddress?

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress
    }

    /// Bodies up to 1 MiB are read; the functions refuse anything over 64 KiB themselves, as under Apache.
    var maxUploadSize: Int { 1 << 20 }
}
