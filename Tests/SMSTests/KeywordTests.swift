import SMS
import Testing

struct KeywordTests {
    @Test(
        "a whole-message opt-out word opts out, whatever the case, spacing or trailing punctuation",
        arguments: [
            "STOP", "stop", "Stop", " STOP \n", "STOP.", "stop!", "Stop!!", "STOP ?", "StopAll", "STOPALL",
            "UNSUBSCRIBE", "unsubscribe", "cancel", "End", "quit", "QUIT.", "\tstop\r\n",
        ]
    )
    func optOut(message: String) {
        #expect(Keyword(message: message) == .optOut)
    }

    @Test(
        "a whole-message opt-in word opts in",
        arguments: ["START", "start", "Unstop", "UNSTOP", "yes", "Yes!", " YES. "]
    )
    func optIn(message: String) {
        #expect(Keyword(message: message) == .optIn)
    }

    @Test(
        "anything but the keyword alone is conversation",
        arguments: [
            "stop it", "please STOP", "STOPP", "STOP ALL", "S T O P", "", "   ", "...", "YES PLEASE", "yes, please",
            "¡STOP", "\"STOP\"", "STOP 🙏", "ＳＴＯＰ", "ſtop", "STOP-", "restart", "the end",
        ]
    )
    func notAKeyword(message: String) {
        #expect(Keyword(message: message) == nil)
    }

    @Test("the keyword lists are the documented opt-out and opt-in words")
    func keywordLists() {
        #expect(Keyword.optOutWords == ["STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT"])
        #expect(Keyword.optInWords == ["START", "UNSTOP", "YES"])
    }
}
