<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>AboutDialog</name>
    <message>
        <source>About</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Runs, routes, watches and recovers autonomous coding sessions.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>API address:</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>%1 — Control Room</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;h2&gt;%1&lt;/h2&gt;&lt;p&gt;Agents, sessions, tasks and contexts appear in the panels around this room as they change. Use the View menu to show or hide a panel.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy API &amp;Token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Reset Layout</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;About %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>API %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>API stopped</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Storage: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>API token copied to the clipboard</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Version %1, Qt %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not serving</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Orc::Gui::MainWindow</name>
    <message>
        <source>Agent Marketplace</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Every agent with its tier, capabilities, status, load and success rate.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sessions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Coding sessions with their status, agent and actions.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Session Timeline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sessions as bars over time, coloured by status, with checkpoints.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Metrics</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Charts of sessions, completions, agent load, latency and cost.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tasks</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Task trees, decomposition and the dependency graph.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Contexts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Shared context keys, their history, diffs and merges.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Event Log</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Every event as it happens, in sequence order.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Locks</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lock holders and the queues waiting for them.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
