<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>AboutDialog</name>
    <message>
        <source>About</source>
        <translation>Über</translation>
    </message>
    <message>
        <source>Runs, routes, watches and recovers autonomous coding sessions.</source>
        <translation>Führt autonome Coding-Sitzungen aus, verteilt, überwacht und stellt sie wieder her.</translation>
    </message>
    <message>
        <source>API address:</source>
        <translation>API-Adresse:</translation>
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
        <translation>Sitzungen als Balken über die Zeit, nach Status eingefärbt, mit Prüfpunkten.</translation>
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
        <source>%1 — Control Room</source>
        <translation>%1 — Leitstand</translation>
    </message>
    <message>
        <source>&lt;h2&gt;%1&lt;/h2&gt;&lt;p&gt;Agents, sessions, tasks and contexts appear in the panels around this room as they change. Use the View menu to show or hide a panel.&lt;/p&gt;</source>
        <translation>&lt;h2&gt;%1&lt;/h2&gt;&lt;p&gt;Agenten, Sitzungen, Aufgaben und Kontexte erscheinen in den Bereichen rund um diesen Leitstand, sobald sie sich ändern. Über das Menü Ansicht lässt sich jeder Bereich ein- oder ausblenden.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
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
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <source>&amp;About %1</source>
        <translation>&amp;Über %1</translation>
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
</TS>
