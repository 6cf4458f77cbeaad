/// The console's script. It reads only through the functions (`/messages`, `/send-sms`) with the API token and
/// the sandbox's `/sandbox/inbound`, and puts every value into the page as text (`textContent`, never markup):
/// message text comes from strangers' phones.
enum ConsoleScript {
    static let javascript = #"""
        "use strict";
        const REFRESH_MS = 2000;
        const HISTORY_ROWS = 15;
        const CHART_PAGES = 10;
        const STATUSES = ["submitted", "delivered", "received", "rejected", "undeliverable"];
        const histories = new Map();
        let token = "";
        let timer = null;

        const $ = (id) => document.getElementById(id);

        function element(tag, text, className) {
            const node = document.createElement(tag);
            if (text !== undefined && text !== null) node.textContent = String(text);
            if (className) node.className = className;
            return node;
        }

        // Only known statuses become class names; anything else is drawn as "other".
        function statusClass(status) {
            return STATUSES.includes(status) ? "s-" + status : "s-other";
        }

        function time(iso) {
            const date = new Date(iso);
            return isNaN(date) ? "" : date.toLocaleTimeString();
        }

        function setConnection(text, failed) {
            $("connection").textContent = text;
            $("connection").className = failed ? "error" : "";
        }

        async function api(method, path, body) {
            const headers = { "Authorization": "Bearer " + token };
            if (body !== undefined) headers["Content-Type"] = "application/json";
            const response = await fetch(path, {
                method, headers, body: body === undefined ? undefined : JSON.stringify(body), cache: "no-store",
            });
            if (response.status === 401) {
                askForToken("The API token was refused; enter the one sms-local printed.");
                throw new Error("unauthorized");
            }
            const type = response.headers.get("Content-Type") || "";
            const json = type.includes("json") ? await response.json() : null;
            return { status: response.status, json };
        }

        function problemText(answer) {
            const json = answer.json || {};
            const params = (json.invalid_params || []).map((p) => p.name + ": " + p.reason).join("; ");
            const detail = json.detail || json.title || "failed";
            return "HTTP " + answer.status + ": " + detail + (params ? " (" + params + ")" : "");
        }

        function historyText(events) {
            return events
                .map((e) => e.status + " " + time(e.timestamp) + (e.error_code ? " (" + e.error_code + ")" : ""))
                .join(" → ");
        }

        async function loadHistories(messages) {
            for (const message of messages.slice(0, HISTORY_ROWS)) {
                const key = message.status + "|" + message.updated_at;
                const known = histories.get(message.message_uuid);
                if (known && known.key === key) continue;
                const answer = await api("GET", "/messages/" + encodeURIComponent(message.message_uuid));
                if (answer.status !== 200) continue;
                histories.set(message.message_uuid, { key, events: answer.json.events || [] });
            }
        }

        function renderMessages(messages) {
            const rows = messages.map((m) => {
                const row = element("tr");
                row.dataset.uuid = m.message_uuid;
                row.dataset.status = m.status;
                row.append(
                    element("td", time(m.created_at)),
                    element("td", m.direction),
                    element("td", m.from),
                    element("td", m.to),
                    element("td", m.text, "text"),
                    element("td", m.status, "status " + statusClass(m.status)),
                    element("td", [m.error_code, m.error_detail].filter(Boolean).join(" "), "error"),
                    element("td", historyText((histories.get(m.message_uuid) || { events: [] }).events), "history"));
                return row;
            });
            $("message-rows").replaceChildren(...rows);
        }

        async function lastHour() {
            const since = new Date(Date.now() - 3600 * 1000).toISOString();
            let messages = [];
            let cursor = null;
            for (let page = 0; page < CHART_PAGES; page++) {
                const query = "?limit=100&since=" + encodeURIComponent(since)
                    + (cursor ? "&cursor=" + encodeURIComponent(cursor) : "");
                const answer = await api("GET", "/messages" + query);
                if (answer.status !== 200) break;
                messages = messages.concat(answer.json.messages);
                cursor = answer.json.next_cursor;
                if (!cursor) break;
            }
            return messages;
        }

        function renderChart(messages) {
            const svg = $("chart");
            const ns = "http://www.w3.org/2000/svg";
            const buckets = 12, width = 360, height = 120, barWidth = width / buckets;
            const start = Date.now() - 3600 * 1000;
            const counts = Array.from({ length: buckets }, () => new Map());
            for (const m of messages) {
                const index = Math.floor((new Date(m.created_at) - start) / (300 * 1000));
                if (index < 0 || index >= buckets) continue;
                const status = STATUSES.includes(m.status) ? m.status : "other";
                counts[index].set(status, (counts[index].get(status) || 0) + 1);
            }
            const most = Math.max(1, ...counts.map((c) => [...c.values()].reduce((a, b) => a + b, 0)));
            const nodes = [];
            counts.forEach((bucket, i) => {
                let y = height;
                for (const status of STATUSES.concat(["other"])) {
                    const count = bucket.get(status) || 0;
                    if (!count) continue;
                    const h = (count / most) * (height - 10);
                    y -= h;
                    const rect = document.createElementNS(ns, "rect");
                    rect.setAttribute("x", String(i * barWidth + 2));
                    rect.setAttribute("y", String(y));
                    rect.setAttribute("width", String(barWidth - 4));
                    rect.setAttribute("height", String(h));
                    rect.setAttribute("class", statusClass(status));
                    const title = document.createElementNS(ns, "title");
                    title.textContent = count + " " + status;
                    rect.append(title);
                    nodes.push(rect);
                }
            });
            for (const [x, label] of [[0, "-60 min"], [width - 24, "now"]]) {
                const text = document.createElementNS(ns, "text");
                text.setAttribute("x", String(x));
                text.setAttribute("y", String(height + 12));
                text.textContent = label;
                nodes.push(text);
            }
            svg.replaceChildren(...nodes);
            const totals = new Map();
            for (const bucket of counts) for (const [s, n] of bucket) totals.set(s, (totals.get(s) || 0) + n);
            $("chart-legend").replaceChildren(...[...totals].map(([status, n]) => {
                const item = element("li", " " + status + " " + n);
                item.prepend(element("span", null, statusClass(status)));
                return item;
            }));
        }

        async function refresh() {
            clearTimeout(timer);
            try {
                const answer = await api("GET", "/messages?limit=50");
                if (answer.status !== 200) throw new Error(problemText(answer));
                await loadHistories(answer.json.messages);
                renderMessages(answer.json.messages);
                renderChart(await lastHour());
                setConnection("updated " + new Date().toLocaleTimeString(), false);
            } catch (error) {
                if (error.message === "unauthorized") return;
                setConnection("cannot read messages: " + error.message, true);
            }
            timer = setTimeout(refresh, REFRESH_MS);
        }

        function askForToken(reason) {
            clearTimeout(timer);
            sessionStorage.removeItem("sms-local-token");
            $("token-error").textContent = reason || "";
            $("console").hidden = true;
            $("token-panel").hidden = false;
        }

        function start(value) {
            token = value;
            sessionStorage.setItem("sms-local-token", token);
            $("token-panel").hidden = true;
            $("console").hidden = false;
            refresh();
        }

        async function submit(event, path, body, result) {
            event.preventDefault();
            const output = $(result);
            output.className = "";
            output.textContent = "…";
            try {
                const answer = await api("POST", path, body);
                if (answer.status >= 200 && answer.status < 300) {
                    const json = answer.json || {};
                    output.textContent = [json.message_uuid, json.status || "accepted"].filter(Boolean).join(" ");
                    event.target.querySelector("textarea").value = "";
                } else {
                    output.className = "error";
                    output.textContent = answer.status === 404 && path === "/sandbox/inbound"
                        ? "The sandbox is off (real Vonage credentials are configured)." : problemText(answer);
                }
            } catch (error) {
                output.className = "error";
                output.textContent = error.message;
            }
            refresh();
        }

        $("token-form").addEventListener("submit", (event) => {
            event.preventDefault();
            start($("token-input").value.trim());
        });
        $("send-form").addEventListener("submit", (event) => submit(event, "/send-sms",
            { to: $("send-to").value.trim(), text: $("send-text").value }, "send-result"));
        $("inbound-form").addEventListener("submit", (event) => submit(event, "/sandbox/inbound",
            { from: $("inbound-from").value.trim(), text: $("inbound-text").value }, "inbound-result"));

        // The banner's console link carries the token in the fragment, which never reaches a server or a log.
        function tokenFromFragment() {
            const value = new URLSearchParams(location.hash.slice(1)).get("token");
            if (!value) return false;
            history.replaceState(null, "", location.pathname);
            start(value);
            return true;
        }
        window.addEventListener("hashchange", tokenFromFragment);
        if (!tokenFromFragment()) {
            const stored = sessionStorage.getItem("sms-local-token");
            if (stored) start(stored); else askForToken("");
        }

        """#
}
