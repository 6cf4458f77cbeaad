/// The console's style sheet.
enum ConsoleStyle {
    static let css = """
        :root { font-family: system-ui, sans-serif; font-size: 14px; color: #1d2733; background: #f6f7f9; }
        body { margin: 0; }
        header { display: flex; align-items: baseline; gap: 1em; padding: 0.6em 1.2em; background: #1d2733;
            color: #fff; }
        h1 { font-size: 1.2em; margin: 0; }
        h2 { font-size: 1em; margin: 0 0 0.5em; }
        main, #token-panel { padding: 1em 1.2em; }
        .forms { display: grid; grid-template-columns: repeat(auto-fit, minmax(18em, 1fr)); gap: 1em;
            margin-bottom: 1em; }
        form, figure { background: #fff; border: 1px solid #d9dde3; border-radius: 6px; padding: 0.8em; margin: 0; }
        label { display: block; margin-bottom: 0.4em; }
        input, textarea { display: block; width: 100%; box-sizing: border-box; font: inherit; padding: 0.3em; }
        button { font: inherit; padding: 0.3em 1em; }
        table { width: 100%; border-collapse: collapse; background: #fff; }
        th, td { text-align: left; padding: 0.35em 0.5em; border-bottom: 1px solid #e3e6ea; vertical-align: top; }
        td.text { max-width: 24em; white-space: pre-wrap; word-break: break-word; }
        td.history { font-size: 0.9em; color: #4a5563; }
        .status { font-weight: 600; }
        .error { color: #b3261e; }
        figcaption { font-weight: 600; margin-bottom: 0.4em; }
        #chart { width: 100%; height: 140px; }
        #chart-legend { list-style: none; padding: 0; margin: 0.3em 0 0; display: flex; flex-wrap: wrap; gap: 0.8em; }
        #chart-legend span { display: inline-block; width: 0.8em; height: 0.8em; margin-right: 0.3em; }
        .s-submitted { --c: #c79a00; }
        .s-delivered { --c: #2ea05a; }
        .s-received { --c: #3d7fd6; }
        .s-rejected, .s-undeliverable, .s-failed { --c: #d9534f; }
        .s-other { --c: #9aa3ad; }
        td.status { color: var(--c); }
        #chart rect { fill: var(--c); }
        #chart-legend span { background: var(--c); }
        #chart text { font-size: 9px; fill: #4a5563; }
        #connection.error { color: #ffb4ab; }

        """
}
