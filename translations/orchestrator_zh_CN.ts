<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AboutDialog</name>
    <message>
        <source>About</source>
        <translation>关于</translation>
    </message>
    <message>
        <source>Runs, routes, watches and recovers autonomous coding sessions.</source>
        <translation>运行、路由、监视并恢复自主编码会话。</translation>
    </message>
    <message>
        <source>API address:</source>
        <translation>API 地址：</translation>
    </message>
</context>
<context>
    <name>Orc::Gui::MainWindow</name>
    <message>
        <source>Agent Marketplace</source>
        <translation>智能体市场</translation>
    </message>
    <message>
        <source>Every agent with its tier, capabilities, status, load and success rate.</source>
        <translation>每个智能体及其等级、能力、状态、负载和成功率。</translation>
    </message>
    <message>
        <source>Sessions</source>
        <translation>会话</translation>
    </message>
    <message>
        <source>Coding sessions with their status, agent and actions.</source>
        <translation>编码会话及其状态、智能体和操作。</translation>
    </message>
    <message>
        <source>Session Timeline</source>
        <translation>会话时间线</translation>
    </message>
    <message>
        <source>Sessions as bars over time, coloured by status, with checkpoints.</source>
        <translation>以时间条形式显示会话，按状态着色，并标出检查点。</translation>
    </message>
    <message>
        <source>Metrics</source>
        <translation>指标</translation>
    </message>
    <message>
        <source>Charts of sessions, completions, agent load, latency and cost.</source>
        <translation>会话、完成数、智能体负载、延迟和成本的图表。</translation>
    </message>
    <message>
        <source>Tasks</source>
        <translation>任务</translation>
    </message>
    <message>
        <source>Task trees, decomposition and the dependency graph.</source>
        <translation>任务树、任务分解和依赖关系图。</translation>
    </message>
    <message>
        <source>Contexts</source>
        <translation>上下文</translation>
    </message>
    <message>
        <source>Shared context keys, their history, diffs and merges.</source>
        <translation>共享上下文键及其历史、差异与合并。</translation>
    </message>
    <message>
        <source>Event Log</source>
        <translation>事件日志</translation>
    </message>
    <message>
        <source>Every event as it happens, in sequence order.</source>
        <translation>按顺序实时显示每个事件。</translation>
    </message>
    <message>
        <source>Locks</source>
        <translation>锁</translation>
    </message>
    <message>
        <source>Lock holders and the queues waiting for them.</source>
        <translation>锁的持有者及等待它们的队列。</translation>
    </message>
    <message>
        <source>%1 — Control Room</source>
        <translation>%1 — 控制室</translation>
    </message>
    <message>
        <source>&lt;h2&gt;%1&lt;/h2&gt;&lt;p&gt;Agents, sessions, tasks and contexts appear in the panels around this room as they change. Use the View menu to show or hide a panel.&lt;/p&gt;</source>
        <translation>&lt;h2&gt;%1&lt;/h2&gt;&lt;p&gt;智能体、会话、任务和上下文一旦变化，就会显示在控制室四周的面板中。使用“视图”菜单显示或隐藏面板。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>Copy API &amp;Token</source>
        <translation>复制 API 令牌(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Reset Layout</source>
        <translation>重置布局(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;About %1</source>
        <translation>关于 %1(&amp;A)</translation>
    </message>
    <message>
        <source>API %1</source>
        <translation>API %1</translation>
    </message>
    <message>
        <source>API stopped</source>
        <translation>API 已停止</translation>
    </message>
    <message>
        <source>Storage: %1</source>
        <translation>存储：%1</translation>
    </message>
    <message>
        <source>API token copied to the clipboard</source>
        <translation>API 令牌已复制到剪贴板</translation>
    </message>
    <message>
        <source>Version %1, Qt %2</source>
        <translation>版本 %1，Qt %2</translation>
    </message>
    <message>
        <source>not serving</source>
        <translation>未提供服务</translation>
    </message>
</context>
</TS>
