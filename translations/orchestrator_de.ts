<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>Orc::Gui::AgentModel</name>
    <message>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <source>%1 min</source>
        <translation>%1 min</translation>
    </message>
    <message>
        <source>%1 h</source>
        <translation>%1 h</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Art</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Typ</translation>
    </message>
    <message>
        <source>Tier</source>
        <translation>Stufe</translation>
    </message>
    <message>
        <source>Capabilities</source>
        <translation>Fähigkeiten</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Heartbeat</source>
        <translation>Heartbeat</translation>
    </message>
    <message>
        <source>Load</source>
        <translation>Auslastung</translation>
    </message>
    <message>
        <source>Success</source>
        <translation>Erfolgsquote</translation>
    </message>
    <message>
        <source>Tasks</source>
        <translation>Aufgaben</translation>
    </message>
</context>
<context>
    <name>Orc::Gui::ApiReply</name>
    <message>
        <source>HTTP %1</source>
        <translation>HTTP %1</translation>
    </message>
</context>
<context>
    <name>Orc::Gui::ContextsPanel</name>
    <message>
        <source>&amp;Merge…</source>
        <translation>&amp;Zusammenführen…</translation>
    </message>
    <message>
        <source>Merge the checked contexts into a new one</source>
        <translation>Die angehakten Kontexte zu einem neuen zusammenführen</translation>
    </message>
    <message>
        <source>Diff with:</source>
        <translation>Vergleichen mit:</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>Schlüssel</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Wert</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>Version</translation>
    </message>
    <message>
        <source>Old</source>
        <translation>Alt</translation>
    </message>
    <message>
        <source>New</source>
        <translation>Neu</translation>
    </message>
    <message>
        <source>When</source>
        <translation>Wann</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>Änderung</translation>
    </message>
    <message>
        <source>&amp;Data</source>
        <translation>&amp;Daten</translation>
    </message>
    <message>
        <source>&amp;History</source>
        <translation>&amp;Verlauf</translation>
    </message>
    <message>
        <source>D&amp;iff</source>
        <translation>&amp;Unterschiede</translation>
    </message>
    <message>
        <source>Contexts could not be read: %1</source>
        <translation>Die Kontexte konnten nicht gelesen werden: %1</translation>
    </message>
    <message>
        <source>(nothing)</source>
        <translation>(nichts)</translation>
    </message>
    <message>
        <source>%1 · %2 · v%3</source>
        <translation>%1 · %2 · v%3</translation>
    </message>
    <message numerus="yes">
        <source>%n global context(s)</source>
        <translation>
            <numerusform>%n globaler Kontext</numerusform>
            <numerusform>%n globale Kontexte</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n context(s): global and of session %1</source>
        <translation>
            <numerusform>%n Kontext: global und von Sitzung %1</numerusform>
            <numerusform>%n Kontexte: global und von Sitzung %1</numerusform>
        </translation>
    </message>
    <message>
        <source>added</source>
        <translation>hinzugefügt</translation>
    </message>
    <message>
        <source>modified</source>
        <translation>geändert</translation>
    </message>
    <message>
        <source>%1 → %2</source>
        <translation>%1 → %2</translation>
    </message>
    <message>
        <source>deleted</source>
        <translation>gelöscht</translation>
    </message>
    <message>
        <source>Merge refused: %1</source>
        <translation>Zusammenführen abgelehnt: %1</translation>
    </message>
    <message>
        <source>Merged into a new context</source>
        <translation>In einen neuen Kontext zusammengeführt</translation>
    </message>
    <message numerus="yes">
        <source>Merged into a new context; %n key(s) left in conflict</source>
        <translation>
            <numerusform>In einen neuen Kontext zusammengeführt; %n Schlüssel bleibt im Konflikt</numerusform>
            <numerusform>In einen neuen Kontext zusammengeführt; %n Schlüssel bleiben im Konflikt</numerusform>
        </translation>
    </message>
    <message>
        <source>Check two contexts or more in the list to merge them (the first is the target)</source>
        <translation>Haken Sie zwei oder mehr Kontexte in der Liste an, um sie zusammenzuführen (der erste ist das Ziel)</translation>
    </message>
    <message>
        <source>Merge contexts</source>
        <translation>Kontexte zusammenführen</translation>
    </message>
    <message>
        <source>Contexts:</source>
        <translation>Kontexte:</translation>
    </message>
    <message numerus="yes">
        <source>%n checked; the first is the target</source>
        <translation>
            <numerusform>%n angehakt; der erste ist das Ziel</numerusform>
            <numerusform>%n angehakt; der erste ist das Ziel</numerusform>
        </translation>
    </message>
    <message>
        <source>&amp;Strategy:</source>
        <translation>&amp;Strategie:</translation>
    </message>
</context>
<context>
    <name>Orc::Gui::Demo</name>
    <message>
        <source>The demo needs python3 and examples/eap-agent/eap_agent.py (or ORC_EXAMPLE_AGENT).</source>
        <translation>Für die Demo werden python3 und examples/eap-agent/eap_agent.py (oder ORC_EXAMPLE_AGENT) benötigt.</translation>
    </message>
    <message>
        <source>Demo running: 4 agents, a new session every %1 s</source>
        <translation>Demo läuft: 4 Agenten, alle %1 s eine neue Sitzung</translation>
    </message>
    <message>
        <source>Design the plugin API</source>
        <translation>Die Plugin-API entwerfen</translation>
    </message>
    <message>
        <source>Port the storage layer</source>
        <translation>Die Speicherschicht portieren</translation>
    </message>
    <message>
        <source>Write the migration guide</source>
        <translation>Den Migrationsleitfaden schreiben</translation>
    </message>
    <message>
        <source>Release 2.0</source>
        <translation>Version 2.0 veröffentlichen</translation>
    </message>
</context>
<context>
    <name>Orc::Gui::DiagnosticsDialog</name>
    <message>
        <source>seconds</source>
        <translation>Sekunden</translation>
    </message>
    <message>
        <source>Diagnostics — %1</source>
        <translation>Diagnose — %1</translation>
    </message>
    <message>
        <source>Probing…</source>
        <translation>Wird geprüft…</translation>
    </message>
    <message>
        <source>load</source>
        <translation>Auslastung</translation>
    </message>
    <message>
        <source>success rate</source>
        <translation>Erfolgsquote</translation>
    </message>
    <message>
        <source>Task</source>
        <translation>Aufgabe</translation>
    </message>
    <message>
        <source>Session</source>
        <translation>Sitzung</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Progress</source>
        <translation>Fortschritt</translation>
    </message>
    <message>
        <source>Dispatched</source>
        <translation>Zugestellt</translation>
    </message>
    <message>
        <source>Probe now</source>
        <translation>Jetzt prüfen</translation>
    </message>
    <message>
        <source>Recent tasks</source>
        <translation>Letzte Aufgaben</translation>
    </message>
    <message>
        <source>Diagnostics failed: %1</source>
        <translation>Diagnose fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>Health probe: OK, round trip %1 ms</source>
        <translation>Zustandsprüfung: OK, Antwortzeit %1 ms</translation>
    </message>
    <message>
        <source>Health probe failed: %1</source>
        <translation>Zustandsprüfung fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>Status %1 · load %2/%3 · %4 tasks, success rate %5%</source>
        <translation>Status %1 · Auslastung %2/%3 · %4 Aufgaben, Erfolgsquote %5%</translation>
    </message>
</context>
<context>
    <name>Orc::Gui::EventLogModel</name>
    <message>
        <source>%1, load %2</source>
        <translation>%1, Auslastung %2</translation>
    </message>
    <message>
        <source>Seq</source>
        <translation>Nr.</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Zeit</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Typ</translation>
    </message>
    <message>
        <source>Subject</source>
        <translation>Objekt</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>Zusammenfassung</translation>
    </message>
</context>
<context>
    <name>Orc::Gui::EventLogPanel</name>
    <message>
        <source>Filter: type, id, text…</source>
        <translation>Filter: Typ, ID, Text…</translation>
    </message>
    <message>
        <source>All events</source>
        <translation>Alle Ereignisse</translation>
    </message>
    <message>
        <source>Sessions</source>
        <translation>Sitzungen</translation>
    </message>
    <message>
        <source>Agents</source>
        <translation>Agenten</translation>
    </message>
    <message>
        <source>Tasks</source>
        <translation>Aufgaben</translation>
    </message>
    <message>
        <source>Contexts</source>
        <translation>Kontexte</translation>
    </message>
    <message>
        <source>Locks</source>
        <translation>Sperren</translation>
    </message>
    <message>
        <source>System</source>
        <translation>System</translation>
    </message>
    <message>
        <source>&amp;Follow</source>
        <translation>&amp;Mitverfolgen</translation>
    </message>
    <message>
        <source>Keep the newest event in view</source>
        <translation>Das neueste Ereignis immer im Blick behalten</translation>
    </message>
</context>
<context>
    <name>Orc::Gui::GraphView</name>
    <message>
        <source>Select a task to see its dependency graph.</source>
        <translation>Wählen Sie eine Aufgabe, um ihren Abhängigkeitsgraphen zu sehen.</translation>
    </message>
    <message>
        <source>Critical path: %1 h of %2 h in all (amber)</source>
        <translation>Kritischer Pfad: %1 h von insgesamt %2 h (bernsteinfarben)</translation>
    </message>
    <message>
        <source>%1 · %2 h</source>
        <translation>%1 · %2 h</translation>
    </message>
</context>
<context>
    <name>Orc::Gui::LocalClient</name>
    <message>
        <source>in process · %1</source>
        <translation>prozessintern · %1</translation>
    </message>
</context>
<context>
    <name>Orc::Gui::LocksPanel</name>
    <message>
        <source>Resource</source>
        <translation>Ressource</translation>
    </message>
    <message>
        <source>Holder / waiting</source>
        <translation>Inhaber / wartend</translation>
    </message>
    <message>
        <source>Priority</source>
        <translation>Priorität</translation>
    </message>
    <message>
        <source>For</source>
        <translation>Dauer</translation>
    </message>
    <message>
        <source>Locks could not be read: %1</source>
        <translation>Sperren konnten nicht gelesen werden: %1</translation>
    </message>
    <message>
        <source>waiting</source>
        <translation>wartend</translation>
    </message>
    <message>
        <source>%1 lock(s) held, %2 waiting</source>
        <translation>%1 Sperre(n) gehalten, %2 wartend</translation>
    </message>
</context>
<context>
    <name>Orc::Gui::MainWindow</name>
    <message>
        <source>Agent Marketplace</source>
        <translation>Agenten-Marktplatz</translation>
    </message>
    <message>
        <source>Every agent with its tier, capabilities, status, load and success rate.</source>
        <translation>Jeder Agent mit Stufe, Fähigkeiten, Status, Auslastung und Erfolgsquote.</translation>
    </message>
    <message>
        <source>Sessions</source>
        <translation>Sitzungen</translation>
    </message>
    <message>
        <source>Coding sessions with their status, agent and actions.</source>
        <translation>Coding-Sitzungen mit Status, Agent und Aktionen.</translation>
    </message>
    <message>
        <source>Session Timeline</source>
        <translation>Sitzungszeitleiste</translation>
    </message>
    <message>
        <source>Sessions as bars over time, coloured by status, with checkpoints.</source>
        <translation>Sitzungen als Balken über die Zeit, nach Status eingefärbt, mit Checkpoints.</translation>
    </message>
    <message>
        <source>Metrics</source>
        <translation>Kennzahlen</translation>
    </message>
    <message>
        <source>Charts of sessions, completions, agent load, latency and cost.</source>
        <translation>Diagramme zu Sitzungen, Abschlüssen, Agentenauslastung, Latenz und Kosten.</translation>
    </message>
    <message>
        <source>Tasks</source>
        <translation>Aufgaben</translation>
    </message>
    <message>
        <source>Task trees, decomposition and the dependency graph.</source>
        <translation>Aufgabenbäume, Zerlegung und der Abhängigkeitsgraph.</translation>
    </message>
    <message>
        <source>Contexts</source>
        <translation>Kontexte</translation>
    </message>
    <message>
        <source>Shared context keys, their history, diffs and merges.</source>
        <translation>Gemeinsame Kontextschlüssel, ihr Verlauf, Unterschiede und Zusammenführungen.</translation>
    </message>
    <message>
        <source>Event Log</source>
        <translation>Ereignisprotokoll</translation>
    </message>
    <message>
        <source>Every event as it happens, in sequence order.</source>
        <translation>Jedes Ereignis, sobald es eintritt, in Reihenfolge.</translation>
    </message>
    <message>
        <source>Locks</source>
        <translation>Sperren</translation>
    </message>
    <message>
        <source>Lock holders and the queues waiting for them.</source>
        <translation>Sperrinhaber und die Warteschlangen davor.</translation>
    </message>
    <message>
        <source>Welcome</source>
        <translation>Willkommen</translation>
    </message>
    <message>
        <source>&lt;h2&gt;The control room&lt;/h2&gt;&lt;p&gt;Every agent and coding session, live. The &lt;b&gt;Agent Marketplace&lt;/b&gt; lists the agents that take work; &lt;b&gt;Sessions&lt;/b&gt; lists the work, with its actions; the &lt;b&gt;Event Log&lt;/b&gt; shows every transition as it happens.&lt;/p&gt;&lt;p&gt;Register an external agent (File menu) or add an internal one in the marketplace, then create a session with &lt;b&gt;Ctrl+N&lt;/b&gt;. Use the View menu to show or hide a panel.&lt;/p&gt;</source>
        <translation>&lt;h2&gt;Der Leitstand&lt;/h2&gt;&lt;p&gt;Alle Agenten und Coding-Sitzungen, live. Der &lt;b&gt;Agenten-Marktplatz&lt;/b&gt; listet die Agenten, die Arbeit übernehmen; &lt;b&gt;Sitzungen&lt;/b&gt; listet die Arbeit samt ihren Aktionen; das &lt;b&gt;Ereignisprotokoll&lt;/b&gt; zeigt jeden Übergang, sobald er eintritt.&lt;/p&gt;&lt;p&gt;Registrieren Sie einen externen Agenten (Menü „Datei“) oder fügen Sie im Marktplatz einen internen hinzu, und erstellen Sie dann mit &lt;b&gt;Strg+N&lt;/b&gt; eine Sitzung. Über das Menü „Ansicht“ blenden Sie Bereiche ein oder aus.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>%1 — Control Room — %2</source>
        <translation>%1 — Leitstand — %2</translation>
    </message>
    <message>
        <source>%1 — Control Room</source>
        <translation>%1 — Leitstand</translation>
    </message>
    <message>
        <source>Loading sessions… %1 of %2</source>
        <translation>Sitzungen werden geladen… %1 von %2</translation>
    </message>
    <message numerus="yes">
        <source>%n session(s) loaded</source>
        <translation>
            <numerusform>%n Sitzung geladen</numerusform>
            <numerusform>%n Sitzungen geladen</numerusform>
        </translation>
    </message>
    <message>
        <source>Start &amp;demo</source>
        <translation>&amp;Demo starten</translation>
    </message>
    <message>
        <source>Launches three example agents and one command-line agent, and a stream of sessions, so every panel comes alive.</source>
        <translation>Startet drei Beispiel-Agenten und einen Kommandozeilen-Agenten sowie einen fortlaufenden Strom von Sitzungen, damit sich alle Bereiche mit Leben füllen.</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <source>&amp;New Session…</source>
        <translation>&amp;Neue Sitzung…</translation>
    </message>
    <message>
        <source>&amp;Register External Agent…</source>
        <translation>Externen Agenten &amp;registrieren…</translation>
    </message>
    <message>
        <source>Copy API &amp;Token</source>
        <translation>API-&amp;Token kopieren</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <source>&amp;Reset Layout</source>
        <translation>Anordnung &amp;zurücksetzen</translation>
    </message>
    <message>
        <source>&amp;Light Theme</source>
        <translation>&amp;Helles Design</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <source>&amp;About %1</source>
        <translation>&amp;Über %1</translation>
    </message>
    <message>
        <source>Copy token</source>
        <translation>Token kopieren</translation>
    </message>
    <message>
        <source>Copy the API token to the clipboard</source>
        <translation>API-Token in die Zwischenablage kopieren</translation>
    </message>
    <message>
        <source>API %1</source>
        <translation>API %1</translation>
    </message>
    <message>
        <source>API stopped</source>
        <translation>API angehalten</translation>
    </message>
    <message>
        <source>Storage: %1</source>
        <translation>Speicher: %1</translation>
    </message>
    <message>
        <source>Connected to %1</source>
        <translation>Verbunden mit %1</translation>
    </message>
    <message>
        <source>Reconnecting to %1…</source>
        <translation>Verbindung zu %1 wird wiederhergestellt…</translation>
    </message>
    <message>
        <source>WebSocket clients: %1</source>
        <translation>WebSocket-Clients: %1</translation>
    </message>
    <message>
        <source>Events: live</source>
        <translation>Ereignisse: live</translation>
    </message>
    <message>
        <source>Events: reconnecting</source>
        <translation>Ereignisse: Verbindung wird wiederhergestellt</translation>
    </message>
    <message>
        <source>Health: unknown</source>
        <translation>Zustand: unbekannt</translation>
    </message>
    <message>
        <source>Health: %1</source>
        <translation>Zustand: %1</translation>
    </message>
    <message>
        <source>API token copied to the clipboard</source>
        <translation>API-Token in die Zwischenablage kopiert</translation>
    </message>
    <message>
        <source>Version %1, Qt %2</source>
        <translation>Version %1, Qt %2</translation>
    </message>
    <message>
        <source>not serving</source>
        <translation>nicht aktiv</translation>
    </message>
</context>
<context>
    <name>Orc::Gui::MarketplacePanel</name>
    <message>
        <source>&amp;Register external…</source>
        <translation>Extern &amp;registrieren…</translation>
    </message>
    <message>
        <source>&amp;Add internal…</source>
        <translation>Intern &amp;hinzufügen…</translation>
    </message>
    <message>
        <source>&amp;Diagnostics…</source>
        <translation>&amp;Diagnose…</translation>
    </message>
    <message>
        <source>&amp;Maintenance</source>
        <translation>&amp;Wartung</translation>
    </message>
    <message>
        <source>Take the agent out of routing, or bring it back</source>
        <translation>Agenten aus der Zuteilung nehmen oder wieder aufnehmen</translation>
    </message>
    <message>
        <source>back online</source>
        <translation>wieder online</translation>
    </message>
    <message>
        <source>in maintenance</source>
        <translation>in Wartung</translation>
    </message>
    <message>
        <source>Reset &amp;metrics</source>
        <translation>Kennzahlen &amp;zurücksetzen</translation>
    </message>
    <message>
        <source>metrics reset</source>
        <translation>Kennzahlen zurückgesetzt</translation>
    </message>
    <message>
        <source>Deregister</source>
        <translation>Abmelden</translation>
    </message>
    <message>
        <source>Deregister agent</source>
        <translation>Agent abmelden</translation>
    </message>
    <message>
        <source>Deregister %1? Its running sessions become degraded and move to another agent.</source>
        <translation>%1 abmelden? Seine laufenden Sitzungen erhalten den Status „degraded“ und wechseln zu einem anderen Agenten.</translation>
    </message>
    <message>
        <source>deregistered</source>
        <translation>abgemeldet</translation>
    </message>
    <message>
        <source>Filter: name, type, capability…</source>
        <translation>Filter: Name, Typ, Fähigkeit…</translation>
    </message>
    <message>
        <source>Any capability</source>
        <translation>Alle Fähigkeiten</translation>
    </message>
    <message>
        <source>Any tier</source>
        <translation>Alle Stufen</translation>
    </message>
    <message>
        <source>Any status</source>
        <translation>Alle Status</translation>
    </message>
    <message>
        <source>Agent %1 registered</source>
        <translation>Agent %1 registriert</translation>
    </message>
    <message>
        <source>Agent %1 added</source>
        <translation>Agent %1 hinzugefügt</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
</context>
<context>
    <name>Orc::Gui::MetricsPanel</name>
    <message>
        <source>5 minutes</source>
        <translation>5 Minuten</translation>
    </message>
    <message>
        <source>15 minutes</source>
        <translation>15 Minuten</translation>
    </message>
    <message>
        <source>1 hour</source>
        <translation>1 Stunde</translation>
    </message>
    <message>
        <source>6 hours</source>
        <translation>6 Stunden</translation>
    </message>
    <message>
        <source>24 hours</source>
        <translation>24 Stunden</translation>
    </message>
    <message>
        <source>Sessions by status</source>
        <translation>Sitzungen nach Status</translation>
    </message>
    <message>
        <source>sessions</source>
        <translation>Sitzungen</translation>
    </message>
    <message>
        <source>Completions per minute</source>
        <translation>Abschlüsse pro Minute</translation>
    </message>
    <message>
        <source>per min</source>
        <translation>pro Min.</translation>
    </message>
    <message>
        <source>completed</source>
        <translation>abgeschlossen</translation>
    </message>
    <message>
        <source>Success rate</source>
        <translation>Erfolgsquote</translation>
    </message>
    <message>
        <source>success</source>
        <translation>Erfolg</translation>
    </message>
    <message>
        <source>Agent load</source>
        <translation>Agentenauslastung</translation>
    </message>
    <message>
        <source>busy slots</source>
        <translation>belegte Plätze</translation>
    </message>
    <message>
        <source>Dispatch latency</source>
        <translation>Zustelllatenz</translation>
    </message>
    <message>
        <source>mean</source>
        <translation>Mittelwert</translation>
    </message>
    <message>
        <source>API requests</source>
        <translation>API-Anfragen</translation>
    </message>
    <message>
        <source>per s</source>
        <translation>pro s</translation>
    </message>
    <message>
        <source>requests</source>
        <translation>Anfragen</translation>
    </message>
    <message>
        <source>API p99 latency</source>
        <translation>API-Latenz (p99)</translation>
    </message>
    <message>
        <source>p99</source>
        <translation>p99</translation>
    </message>
    <message>
        <source>Tokens and cost</source>
        <translation>Token und Kosten</translation>
    </message>
    <message>
        <source>tokens</source>
        <translation>Token</translation>
    </message>
    <message>
        <source>cost (USD)</source>
        <translation>Kosten (USD)</translation>
    </message>
    <message>
        <source>Window:</source>
        <translation>Zeitfenster:</translation>
    </message>
</context>
<context>
    <name>Orc::Gui::NewSessionDialog</name>
    <message>
        <source>New session</source>
        <translation>Neue Sitzung</translation>
    </message>
    <message>
        <source>What this session is for (1–200 characters)</source>
        <translation>Wofür diese Sitzung gedacht ist (1–200 Zeichen)</translation>
    </message>
    <message>
        <source>&amp;Title:</source>
        <translation>&amp;Titel:</translation>
    </message>
    <message>
        <source>The instructions the agent gets (1–10,000 characters)</source>
        <translation>Die Anweisungen an den Agenten (1–10.000 Zeichen)</translation>
    </message>
    <message>
        <source>&amp;Prompt:</source>
        <translation>&amp;Prompt:</translation>
    </message>
    <message>
        <source>T&amp;ype:</source>
        <translation>T&amp;yp:</translation>
    </message>
    <message>
        <source>P&amp;riority:</source>
        <translation>P&amp;riorität:</translation>
    </message>
    <message>
        <source>The best agent with these capabilities</source>
        <translation>Der beste Agent mit diesen Fähigkeiten</translation>
    </message>
    <message>
        <source>%1 (%2, %3)</source>
        <translation>%1 (%2, %3)</translation>
    </message>
    <message>
        <source>&amp;Agent:</source>
        <translation>&amp;Agent:</translation>
    </message>
    <message>
        <source>&amp;Capabilities:</source>
        <translation>&amp;Fähigkeiten:</translation>
    </message>
    <message>
        <source> s</source>
        <translation> s</translation>
    </message>
    <message>
        <source>Time &amp;limit:</source>
        <translation>&amp;Zeitlimit:</translation>
    </message>
    <message>
        <source>comma-separated, up to 20</source>
        <translation>durch Kommas getrennt, höchstens 20</translation>
    </message>
    <message>
        <source>Ta&amp;gs:</source>
        <translation>Ta&amp;gs:</translation>
    </message>
    <message>
        <source>&amp;Start at once</source>
        <translation>&amp;Sofort starten</translation>
    </message>
    <message>
        <source>Create</source>
        <translation>Erstellen</translation>
    </message>
</context>
<context>
    <name>Orc::Gui::RegisterAgentDialog</name>
    <message>
        <source>Copy</source>
        <translation>Kopieren</translation>
    </message>
    <message>
        <source>Register external agent</source>
        <translation>Externen Agenten registrieren</translation>
    </message>
    <message>
        <source>Add internal agent</source>
        <translation>Internen Agenten hinzufügen</translation>
    </message>
    <message>
        <source>unique, 3–100 of A–Z a–z 0–9 _ . -</source>
        <translation>eindeutig, 3–100 Zeichen aus A–Z a–z 0–9 _ . -</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Name:</translation>
    </message>
    <message>
        <source>&amp;Type:</source>
        <translation>&amp;Typ:</translation>
    </message>
    <message>
        <source>&amp;Capabilities:</source>
        <translation>&amp;Fähigkeiten:</translation>
    </message>
    <message>
        <source>&amp;Endpoint URL:</source>
        <translation>&amp;Endpunkt-URL:</translation>
    </message>
    <message>
        <source>program and arguments, e.g. sh -c &quot;my-agent --once&quot;</source>
        <translation>Programm und Argumente, z. B. sh -c &quot;my-agent --once&quot;</translation>
    </message>
    <message>
        <source>Co&amp;mmand:</source>
        <translation>&amp;Befehl:</translation>
    </message>
    <message>
        <source>where it runs (default: the current directory)</source>
        <translation>Ausführungsort (Standard: das aktuelle Verzeichnis)</translation>
    </message>
    <message>
        <source>&amp;Working directory:</source>
        <translation>&amp;Arbeitsverzeichnis:</translation>
    </message>
    <message>
        <source>Max &amp;concurrent tasks:</source>
        <translation>Max. &amp;gleichzeitige Aufgaben:</translation>
    </message>
    <message>
        <source>&lt;b&gt;Copy these now.&lt;/b&gt; They are shown this once: the orchestrator keeps only a hash of the token. The agent sends the token as &lt;tt&gt;X-Agent-Token&lt;/tt&gt; and checks each task&apos;s &lt;tt&gt;X-EAP-Signature&lt;/tt&gt; with the secret.</source>
        <translation>&lt;b&gt;Kopieren Sie diese Werte jetzt.&lt;/b&gt; Sie werden nur dieses eine Mal angezeigt: Der Orchestrator speichert nur einen Hash des Tokens. Der Agent sendet das Token als &lt;tt&gt;X-Agent-Token&lt;/tt&gt; und prüft die &lt;tt&gt;X-EAP-Signature&lt;/tt&gt; jeder Aufgabe mit dem Geheimnis.</translation>
    </message>
    <message>
        <source>Auth token:</source>
        <translation>Auth-Token:</translation>
    </message>
    <message>
        <source>Dispatch secret:</source>
        <translation>Zustellgeheimnis:</translation>
    </message>
    <message>
        <source>Register</source>
        <translation>Registrieren</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>Hinzufügen</translation>
    </message>
    <message>
        <source>Done, I copied them</source>
        <translation>Fertig, ich habe sie kopiert</translation>
    </message>
    <message>
        <source>Process: a command line</source>
        <translation>Prozess: eine Befehlszeile</translation>
    </message>
    <message>
        <source>OpenCode server</source>
        <translation>OpenCode-Server</translation>
    </message>
    <message>
        <source>&amp;Runner:</source>
        <translation>&amp;Ausführung:</translation>
    </message>
    <message>
        <source>Server &amp;URL:</source>
        <translation>Server-&amp;URL:</translation>
    </message>
    <message>
        <source>a running opencode serve, e.g. http://127.0.0.1:4096</source>
        <translation>ein laufendes opencode serve, z. B. http://127.0.0.1:4096</translation>
    </message>
    <message>
        <source>or start &amp;program:</source>
        <translation>oder &amp;Programm starten:</translation>
    </message>
    <message>
        <source>opencode: the orchestrator starts and supervises opencode serve</source>
        <translation>opencode: der Orchestrator startet und überwacht opencode serve</translation>
    </message>
    <message>
        <source>Server pass&amp;word:</source>
        <translation>Server-Pass&amp;wort:</translation>
    </message>
    <message>
        <source>optional: the server&apos;s OPENCODE_SERVER_PASSWORD (HTTP Basic)</source>
        <translation>optional: OPENCODE_SERVER_PASSWORD des Servers (HTTP Basic)</translation>
    </message>
    <message>
        <source>&amp;Provider:</source>
        <translation>An&amp;bieter:</translation>
    </message>
    <message>
        <source>e.g. anthropic</source>
        <translation>z. B. anthropic</translation>
    </message>
    <message>
        <source>&amp;Model:</source>
        <translation>&amp;Modell:</translation>
    </message>
    <message>
        <source>e.g. claude-sonnet-4-5</source>
        <translation>z. B. claude-sonnet-4-5</translation>
    </message>
    <message>
        <source>Wor&amp;king directory:</source>
        <translation>Arbeits&amp;verzeichnis:</translation>
    </message>
    <message>
        <source>the project&apos;s absolute path (a session may name another)</source>
        <translation>absoluter Pfad des Projekts (eine Sitzung kann einen anderen nennen)</translation>
    </message>
    <message>
        <source>OpenCode a&amp;gent:</source>
        <translation>OpenCode-A&amp;gent:</translation>
    </message>
    <message>
        <source>optional, e.g. build or plan</source>
        <translation>optional, z. B. build oder plan</translation>
    </message>
    <message>
        <source>Allow everything (autonomous)</source>
        <translation>Alles erlauben (autonom)</translation>
    </message>
    <message>
        <source>Ask the operator</source>
        <translation>Den Bediener fragen</translation>
    </message>
    <message>
        <source>Deny what needs permission</source>
        <translation>Verweigern, was eine Erlaubnis braucht</translation>
    </message>
    <message>
        <source>Per&amp;missions:</source>
        <translation>Berech&amp;tigungen:</translation>
    </message>
</context>
<context>
    <name>Orc::Gui::RemoteClient</name>
    <message>
        <source>the window closed</source>
        <translation>das Fenster wurde geschlossen</translation>
    </message>
    <message>
        <source>%1 did not answer: %2</source>
        <translation>%1 hat nicht geantwortet: %2</translation>
    </message>
    <message>
        <source>remote · %1</source>
        <translation>entfernt · %1</translation>
    </message>
</context>
<context>
    <name>Orc::Gui::SessionDetail</name>
    <message>
        <source>Session %1</source>
        <translation>Sitzung %1</translation>
    </message>
    <message>
        <source>Sequence</source>
        <translation>Sequenz</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>Erstellt</translation>
    </message>
    <message>
        <source>Data</source>
        <translation>Daten</translation>
    </message>
    <message>
        <source>&amp;Restore from this checkpoint</source>
        <translation>Aus diesem Checkpoint &amp;wiederherstellen</translation>
    </message>
    <message>
        <source>The session goes back to pending; its next run resumes from this checkpoint.</source>
        <translation>Die Sitzung kehrt in den Status „pending“ zurück; ihr nächster Lauf setzt an diesem Checkpoint fort.</translation>
    </message>
    <message>
        <source>Metric</source>
        <translation>Kennzahl</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Wert</translation>
    </message>
    <message>
        <source>Seq</source>
        <translation>Nr.</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Zeit</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Typ</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>Zusammenfassung</translation>
    </message>
    <message>
        <source>&amp;Log</source>
        <translation>&amp;Protokoll</translation>
    </message>
    <message>
        <source>&amp;Checkpoints</source>
        <translation>&amp;Checkpoints</translation>
    </message>
    <message>
        <source>&amp;Metrics</source>
        <translation>&amp;Kennzahlen</translation>
    </message>
    <message>
        <source>C&amp;hildren</source>
        <translation>&amp;Untersitzungen</translation>
    </message>
    <message>
        <source>&amp;Events</source>
        <translation>&amp;Ereignisse</translation>
    </message>
    <message>
        <source>Session — %1</source>
        <translation>Sitzung — %1</translation>
    </message>
    <message>
        <source>Status: &lt;b style=&quot;color:%1&quot;&gt;%2&lt;/b&gt;</source>
        <translation>Status: &lt;b style=&quot;color:%1&quot;&gt;%2&lt;/b&gt;</translation>
    </message>
    <message>
        <source> · resumes from checkpoint %1</source>
        <translation> · setzt bei Checkpoint %1 fort</translation>
    </message>
    <message>
        <source>Restored from checkpoint %1: the session is pending again</source>
        <translation>Aus Checkpoint %1 wiederhergestellt: Die Sitzung ist wieder „pending“</translation>
    </message>
    <message>
        <source>Restore refused: %1</source>
        <translation>Wiederherstellung abgelehnt: %1</translation>
    </message>
    <message>
        <source>The agent waits for your answer</source>
        <translation>Der Agent wartet auf Ihre Antwort</translation>
    </message>
    <message>
        <source>Permission</source>
        <translation>Berechtigung</translation>
    </message>
    <message>
        <source>For</source>
        <translation>Für</translation>
    </message>
    <message>
        <source>Asked</source>
        <translation>Gefragt</translation>
    </message>
    <message>
        <source>Allow &amp;once</source>
        <translation>&amp;Einmal erlauben</translation>
    </message>
    <message>
        <source>Allow this one request</source>
        <translation>Nur diese eine Anfrage erlauben</translation>
    </message>
    <message>
        <source>&amp;Always allow</source>
        <translation>&amp;Immer erlauben</translation>
    </message>
    <message>
        <source>Allow it, and requests like it for the rest of this OpenCode session</source>
        <translation>Erlauben, auch gleichartige Anfragen für den Rest dieser OpenCode-Sitzung</translation>
    </message>
    <message>
        <source>Re&amp;ject</source>
        <translation>Ab&amp;lehnen</translation>
    </message>
    <message>
        <source>Refuse it: the agent is told and goes on without</source>
        <translation>Ablehnen: der Agent erfährt es und macht ohne weiter</translation>
    </message>
    <message>
        <source>The answer was refused: %1</source>
        <translation>Die Antwort wurde abgelehnt: %1</translation>
    </message>
</context>
<context>
    <name>Orc::Gui::SessionModel</name>
    <message>
        <source>critical</source>
        <translation>kritisch</translation>
    </message>
    <message>
        <source>high</source>
        <translation>hoch</translation>
    </message>
    <message>
        <source>medium</source>
        <translation>mittel</translation>
    </message>
    <message>
        <source>low</source>
        <translation>niedrig</translation>
    </message>
    <message>
        <source>deferred</source>
        <translation>zurückgestellt</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>Titel</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Priority</source>
        <translation>Priorität</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Typ</translation>
    </message>
    <message>
        <source>Agent</source>
        <translation>Agent</translation>
    </message>
    <message>
        <source>Checkpoints</source>
        <translation>Checkpoints</translation>
    </message>
    <message>
        <source>Tokens</source>
        <translation>Token</translation>
    </message>
    <message>
        <source>Cost (USD)</source>
        <translation>Kosten (USD)</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>Erstellt</translation>
    </message>
    <message>
        <source>Updated</source>
        <translation>Aktualisiert</translation>
    </message>
</context>
<context>
    <name>Orc::Gui::SessionsPanel</name>
    <message>
        <source>&amp;New…</source>
        <translation>&amp;Neu…</translation>
    </message>
    <message>
        <source>Create a session (Ctrl+N)</source>
        <translation>Sitzung erstellen (Strg+N)</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>Starten</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>Pausieren</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>Fortsetzen</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Retry</source>
        <translation>Wiederholen</translation>
    </message>
    <message>
        <source>Filter: title, agent, tag…</source>
        <translation>Filter: Titel, Agent, Tag…</translation>
    </message>
    <message>
        <source>Any status</source>
        <translation>Alle Status</translation>
    </message>
    <message>
        <source>Session %1 created</source>
        <translation>Sitzung %1 erstellt</translation>
    </message>
    <message numerus="yes">
        <source>%1: %n session(s)</source>
        <translation>
            <numerusform>%1: %n Sitzung</numerusform>
            <numerusform>%1: %n Sitzungen</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 refused for %2</source>
        <translation>%1 abgelehnt für %2</translation>
    </message>
</context>
<context>
    <name>Orc::Gui::TasksPanel</name>
    <message>
        <source>&amp;Decompose</source>
        <translation>&amp;Zerlegen</translation>
    </message>
    <message>
        <source>Split the selected task into subtasks by the server&apos;s rules</source>
        <translation>Die gewählte Aufgabe nach den Regeln des Servers in Teilaufgaben zerlegen</translation>
    </message>
    <message>
        <source>Task</source>
        <translation>Aufgabe</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Priority</source>
        <translation>Priorität</translation>
    </message>
    <message>
        <source>Hours</source>
        <translation>Stunden</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Typ</translation>
    </message>
    <message>
        <source>Tasks could not be read: %1</source>
        <translation>Die Aufgaben konnten nicht gelesen werden: %1</translation>
    </message>
    <message>
        <source>The graph could not be read: %1</source>
        <translation>Der Graph konnte nicht gelesen werden: %1</translation>
    </message>
    <message>
        <source>Task decomposed</source>
        <translation>Aufgabe zerlegt</translation>
    </message>
    <message>
        <source>Decompose refused: %1</source>
        <translation>Zerlegen abgelehnt: %1</translation>
    </message>
</context>
<context>
    <name>Orc::Gui::TimelinePanel</name>
    <message>
        <source>5 minutes</source>
        <translation>5 Minuten</translation>
    </message>
    <message>
        <source>15 minutes</source>
        <translation>15 Minuten</translation>
    </message>
    <message>
        <source>1 hour</source>
        <translation>1 Stunde</translation>
    </message>
    <message>
        <source>6 hours</source>
        <translation>6 Stunden</translation>
    </message>
    <message>
        <source>24 hours</source>
        <translation>24 Stunden</translation>
    </message>
    <message>
        <source>1 week</source>
        <translation>1 Woche</translation>
    </message>
    <message>
        <source>Zoom in (+, Ctrl+wheel)</source>
        <translation>Vergrößern (+, Strg+Mausrad)</translation>
    </message>
    <message>
        <source>Zoom out (−, Ctrl+wheel)</source>
        <translation>Verkleinern (−, Strg+Mausrad)</translation>
    </message>
    <message>
        <source>Now</source>
        <translation>Jetzt</translation>
    </message>
    <message>
        <source>Follow the present (End); drag or use the arrow keys to look back</source>
        <translation>Der Gegenwart folgen (Ende); zum Zurückblicken ziehen oder die Pfeiltasten verwenden</translation>
    </message>
    <message>
        <source>Window:</source>
        <translation>Zeitfenster:</translation>
    </message>
</context>
<context>
    <name>Orc::Gui::TimelineView</name>
    <message>
        <source>Sessions appear here as bars over time once they exist.</source>
        <translation>Sobald es Sitzungen gibt, erscheinen sie hier als Balken auf der Zeitachse.</translation>
    </message>
</context>
</TS>
