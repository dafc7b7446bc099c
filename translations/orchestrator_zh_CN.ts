<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>Orc::Gui::AgentModel</name>
    <message>
        <source>%1 s</source>
        <translation>%1 秒</translation>
    </message>
    <message>
        <source>%1 min</source>
        <translation>%1 分钟</translation>
    </message>
    <message>
        <source>%1 h</source>
        <translation>%1 小时</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Tier</source>
        <translation>等级</translation>
    </message>
    <message>
        <source>Capabilities</source>
        <translation>能力</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Heartbeat</source>
        <translation>心跳</translation>
    </message>
    <message>
        <source>Load</source>
        <translation>负载</translation>
    </message>
    <message>
        <source>Success</source>
        <translation>成功率</translation>
    </message>
    <message>
        <source>Tasks</source>
        <translation>任务</translation>
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
        <translation>合并(&amp;M)…</translation>
    </message>
    <message>
        <source>Merge the checked contexts into a new one</source>
        <translation>将勾选的上下文合并为一个新的上下文</translation>
    </message>
    <message>
        <source>Diff with:</source>
        <translation>比较对象：</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>键</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>值</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>版本</translation>
    </message>
    <message>
        <source>Old</source>
        <translation>旧值</translation>
    </message>
    <message>
        <source>New</source>
        <translation>新值</translation>
    </message>
    <message>
        <source>When</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>变更</translation>
    </message>
    <message>
        <source>&amp;Data</source>
        <translation>数据(&amp;D)</translation>
    </message>
    <message>
        <source>&amp;History</source>
        <translation>历史(&amp;H)</translation>
    </message>
    <message>
        <source>D&amp;iff</source>
        <translation>差异(&amp;I)</translation>
    </message>
    <message>
        <source>Contexts could not be read: %1</source>
        <translation>无法读取上下文：%1</translation>
    </message>
    <message>
        <source>(nothing)</source>
        <translation>（无）</translation>
    </message>
    <message>
        <source>%1 · %2 · v%3</source>
        <translation>%1 · %2 · v%3</translation>
    </message>
    <message numerus="yes">
        <source>%n global context(s)</source>
        <translation>
            <numerusform>%n 个全局上下文</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n context(s): global and of session %1</source>
        <translation>
            <numerusform>%n 个上下文：全局及会话 %1 的</numerusform>
        </translation>
    </message>
    <message>
        <source>added</source>
        <translation>新增</translation>
    </message>
    <message>
        <source>modified</source>
        <translation>修改</translation>
    </message>
    <message>
        <source>%1 → %2</source>
        <translation>%1 → %2</translation>
    </message>
    <message>
        <source>deleted</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Merge refused: %1</source>
        <translation>合并被拒绝：%1</translation>
    </message>
    <message>
        <source>Merged into a new context</source>
        <translation>已合并为新的上下文</translation>
    </message>
    <message numerus="yes">
        <source>Merged into a new context; %n key(s) left in conflict</source>
        <translation>
            <numerusform>已合并为新的上下文；%n 个键仍有冲突</numerusform>
        </translation>
    </message>
    <message>
        <source>Check two contexts or more in the list to merge them (the first is the target)</source>
        <translation>请在列表中勾选两个或更多上下文以进行合并（第一个为目标）</translation>
    </message>
    <message>
        <source>Merge contexts</source>
        <translation>合并上下文</translation>
    </message>
    <message>
        <source>Contexts:</source>
        <translation>上下文：</translation>
    </message>
    <message numerus="yes">
        <source>%n checked; the first is the target</source>
        <translation>
            <numerusform>已勾选 %n 个；第一个为目标</numerusform>
        </translation>
    </message>
    <message>
        <source>&amp;Strategy:</source>
        <translation>策略(&amp;S)：</translation>
    </message>
</context>
<context>
    <name>Orc::Gui::Demo</name>
    <message>
        <source>The demo needs python3 and examples/eap-agent/eap_agent.py (or ORC_EXAMPLE_AGENT).</source>
        <translation>演示需要 python3 和 examples/eap-agent/eap_agent.py（或 ORC_EXAMPLE_AGENT）。</translation>
    </message>
    <message>
        <source>Demo running: 4 agents, a new session every %1 s</source>
        <translation>演示运行中：4 个智能体，每 %1 秒新建一个会话</translation>
    </message>
    <message>
        <source>Design the plugin API</source>
        <translation>设计插件 API</translation>
    </message>
    <message>
        <source>Port the storage layer</source>
        <translation>移植存储层</translation>
    </message>
    <message>
        <source>Write the migration guide</source>
        <translation>编写迁移指南</translation>
    </message>
    <message>
        <source>Release 2.0</source>
        <translation>发布 2.0</translation>
    </message>
</context>
<context>
    <name>Orc::Gui::DiagnosticsDialog</name>
    <message>
        <source>seconds</source>
        <translation>秒</translation>
    </message>
    <message>
        <source>Diagnostics — %1</source>
        <translation>诊断 — %1</translation>
    </message>
    <message>
        <source>Probing…</source>
        <translation>正在探测…</translation>
    </message>
    <message>
        <source>load</source>
        <translation>负载</translation>
    </message>
    <message>
        <source>success rate</source>
        <translation>成功率</translation>
    </message>
    <message>
        <source>Task</source>
        <translation>任务</translation>
    </message>
    <message>
        <source>Session</source>
        <translation>会话</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Progress</source>
        <translation>进度</translation>
    </message>
    <message>
        <source>Dispatched</source>
        <translation>分派时间</translation>
    </message>
    <message>
        <source>Probe now</source>
        <translation>立即探测</translation>
    </message>
    <message>
        <source>Recent tasks</source>
        <translation>最近任务</translation>
    </message>
    <message>
        <source>Diagnostics failed: %1</source>
        <translation>诊断失败：%1</translation>
    </message>
    <message>
        <source>Health probe: OK, round trip %1 ms</source>
        <translation>健康探测：正常，往返耗时 %1 ms</translation>
    </message>
    <message>
        <source>Health probe failed: %1</source>
        <translation>健康探测失败：%1</translation>
    </message>
    <message>
        <source>Status %1 · load %2/%3 · %4 tasks, success rate %5%</source>
        <translation>状态 %1 · 负载 %2/%3 · %4 个任务，成功率 %5%</translation>
    </message>
</context>
<context>
    <name>Orc::Gui::EventLogModel</name>
    <message>
        <source>%1, load %2</source>
        <translation>%1，负载 %2</translation>
    </message>
    <message>
        <source>Seq</source>
        <translation>序号</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Subject</source>
        <translation>对象</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>摘要</translation>
    </message>
</context>
<context>
    <name>Orc::Gui::EventLogPanel</name>
    <message>
        <source>Filter: type, id, text…</source>
        <translation>筛选：类型、ID、文本…</translation>
    </message>
    <message>
        <source>All events</source>
        <translation>全部事件</translation>
    </message>
    <message>
        <source>Sessions</source>
        <translation>会话</translation>
    </message>
    <message>
        <source>Agents</source>
        <translation>智能体</translation>
    </message>
    <message>
        <source>Tasks</source>
        <translation>任务</translation>
    </message>
    <message>
        <source>Contexts</source>
        <translation>上下文</translation>
    </message>
    <message>
        <source>Locks</source>
        <translation>锁</translation>
    </message>
    <message>
        <source>System</source>
        <translation>系统</translation>
    </message>
    <message>
        <source>&amp;Follow</source>
        <translation>跟随(&amp;F)</translation>
    </message>
    <message>
        <source>Keep the newest event in view</source>
        <translation>始终显示最新事件</translation>
    </message>
</context>
<context>
    <name>Orc::Gui::GraphView</name>
    <message>
        <source>Select a task to see its dependency graph.</source>
        <translation>选择一个任务以查看其依赖图。</translation>
    </message>
    <message>
        <source>Critical path: %1 h of %2 h in all (amber)</source>
        <translation>关键路径：%1 小时，共 %2 小时（琥珀色）</translation>
    </message>
    <message>
        <source>%1 · %2 h</source>
        <translation>%1 · %2 小时</translation>
    </message>
</context>
<context>
    <name>Orc::Gui::LocalClient</name>
    <message>
        <source>in process · %1</source>
        <translation>进程内 · %1</translation>
    </message>
</context>
<context>
    <name>Orc::Gui::LocksPanel</name>
    <message>
        <source>Resource</source>
        <translation>资源</translation>
    </message>
    <message>
        <source>Holder / waiting</source>
        <translation>持有者 / 等待者</translation>
    </message>
    <message>
        <source>Priority</source>
        <translation>优先级</translation>
    </message>
    <message>
        <source>For</source>
        <translation>时长</translation>
    </message>
    <message>
        <source>Locks could not be read: %1</source>
        <translation>无法读取锁：%1</translation>
    </message>
    <message>
        <source>waiting</source>
        <translation>等待中</translation>
    </message>
    <message>
        <source>%1 lock(s) held, %2 waiting</source>
        <translation>已持有 %1 个锁，%2 个等待中</translation>
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
        <source>Welcome</source>
        <translation>欢迎</translation>
    </message>
    <message>
        <source>&lt;h2&gt;The control room&lt;/h2&gt;&lt;p&gt;Every agent and coding session, live. The &lt;b&gt;Agent Marketplace&lt;/b&gt; lists the agents that take work; &lt;b&gt;Sessions&lt;/b&gt; lists the work, with its actions; the &lt;b&gt;Event Log&lt;/b&gt; shows every transition as it happens.&lt;/p&gt;&lt;p&gt;Register an external agent (File menu) or add an internal one in the marketplace, then create a session with &lt;b&gt;Ctrl+N&lt;/b&gt;. Use the View menu to show or hide a panel.&lt;/p&gt;</source>
        <translation>&lt;h2&gt;控制室&lt;/h2&gt;&lt;p&gt;实时查看每个智能体和编码会话。&lt;b&gt;智能体市场&lt;/b&gt;列出承接工作的智能体；&lt;b&gt;会话&lt;/b&gt;列出工作及其可执行的操作；&lt;b&gt;事件日志&lt;/b&gt;实时显示每一次状态转换。&lt;/p&gt;&lt;p&gt;注册一个外部智能体（“文件”菜单），或在市场中添加一个内部智能体，然后按 &lt;b&gt;Ctrl+N&lt;/b&gt; 创建会话。使用“视图”菜单可显示或隐藏面板。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>%1 — Control Room — %2</source>
        <translation>%1 — 控制室 — %2</translation>
    </message>
    <message>
        <source>%1 — Control Room</source>
        <translation>%1 — 控制室</translation>
    </message>
    <message>
        <source>Loading sessions… %1 of %2</source>
        <translation>正在加载会话… %1 / %2</translation>
    </message>
    <message numerus="yes">
        <source>%n session(s) loaded</source>
        <translation>
            <numerusform>已加载 %n 个会话</numerusform>
        </translation>
    </message>
    <message>
        <source>Start &amp;demo</source>
        <translation>启动演示(&amp;D)</translation>
    </message>
    <message>
        <source>Launches three example agents and one command-line agent, and a stream of sessions, so every panel comes alive.</source>
        <translation>启动三个示例智能体和一个命令行智能体，并持续创建会话，让每个面板都动起来。</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;New Session…</source>
        <translation>新建会话(&amp;N)…</translation>
    </message>
    <message>
        <source>&amp;Register External Agent…</source>
        <translation>注册外部智能体(&amp;R)…</translation>
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
        <source>&amp;Light Theme</source>
        <translation>浅色主题(&amp;L)</translation>
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
        <source>Copy token</source>
        <translation>复制令牌</translation>
    </message>
    <message>
        <source>Copy the API token to the clipboard</source>
        <translation>将 API 令牌复制到剪贴板</translation>
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
        <source>Connected to %1</source>
        <translation>已连接到 %1</translation>
    </message>
    <message>
        <source>Reconnecting to %1…</source>
        <translation>正在重新连接到 %1…</translation>
    </message>
    <message>
        <source>WebSocket clients: %1</source>
        <translation>WebSocket 客户端：%1</translation>
    </message>
    <message>
        <source>Events: live</source>
        <translation>事件：实时</translation>
    </message>
    <message>
        <source>Events: reconnecting</source>
        <translation>事件：正在重新连接</translation>
    </message>
    <message>
        <source>Health: unknown</source>
        <translation>健康状态：未知</translation>
    </message>
    <message>
        <source>Health: %1</source>
        <translation>健康状态：%1</translation>
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
<context>
    <name>Orc::Gui::MarketplacePanel</name>
    <message>
        <source>&amp;Register external…</source>
        <translation>注册外部智能体(&amp;R)…</translation>
    </message>
    <message>
        <source>&amp;Add internal…</source>
        <translation>添加内部智能体(&amp;A)…</translation>
    </message>
    <message>
        <source>&amp;Diagnostics…</source>
        <translation>诊断(&amp;D)…</translation>
    </message>
    <message>
        <source>&amp;Maintenance</source>
        <translation>维护(&amp;M)</translation>
    </message>
    <message>
        <source>Take the agent out of routing, or bring it back</source>
        <translation>将智能体移出任务路由，或使其重新加入</translation>
    </message>
    <message>
        <source>back online</source>
        <translation>已恢复上线</translation>
    </message>
    <message>
        <source>in maintenance</source>
        <translation>已进入维护</translation>
    </message>
    <message>
        <source>Reset &amp;metrics</source>
        <translation>重置指标(&amp;M)</translation>
    </message>
    <message>
        <source>metrics reset</source>
        <translation>指标已重置</translation>
    </message>
    <message>
        <source>Deregister</source>
        <translation>注销</translation>
    </message>
    <message>
        <source>Deregister agent</source>
        <translation>注销智能体</translation>
    </message>
    <message>
        <source>Deregister %1? Its running sessions become degraded and move to another agent.</source>
        <translation>要注销 %1 吗？其正在运行的会话将降级，并转移到其他智能体。</translation>
    </message>
    <message>
        <source>deregistered</source>
        <translation>已注销</translation>
    </message>
    <message>
        <source>Filter: name, type, capability…</source>
        <translation>筛选：名称、类型、能力…</translation>
    </message>
    <message>
        <source>Any capability</source>
        <translation>任意能力</translation>
    </message>
    <message>
        <source>Any tier</source>
        <translation>任意等级</translation>
    </message>
    <message>
        <source>Any status</source>
        <translation>任意状态</translation>
    </message>
    <message>
        <source>Agent %1 registered</source>
        <translation>智能体 %1 已注册</translation>
    </message>
    <message>
        <source>Agent %1 added</source>
        <translation>智能体 %1 已添加</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
</context>
<context>
    <name>Orc::Gui::MetricsPanel</name>
    <message>
        <source>5 minutes</source>
        <translation>5 分钟</translation>
    </message>
    <message>
        <source>15 minutes</source>
        <translation>15 分钟</translation>
    </message>
    <message>
        <source>1 hour</source>
        <translation>1 小时</translation>
    </message>
    <message>
        <source>6 hours</source>
        <translation>6 小时</translation>
    </message>
    <message>
        <source>24 hours</source>
        <translation>24 小时</translation>
    </message>
    <message>
        <source>Sessions by status</source>
        <translation>各状态会话数</translation>
    </message>
    <message>
        <source>sessions</source>
        <translation>会话</translation>
    </message>
    <message>
        <source>Completions per minute</source>
        <translation>每分钟完成数</translation>
    </message>
    <message>
        <source>per min</source>
        <translation>每分钟</translation>
    </message>
    <message>
        <source>completed</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>Success rate</source>
        <translation>成功率</translation>
    </message>
    <message>
        <source>success</source>
        <translation>成功</translation>
    </message>
    <message>
        <source>Agent load</source>
        <translation>智能体负载</translation>
    </message>
    <message>
        <source>busy slots</source>
        <translation>繁忙槽位</translation>
    </message>
    <message>
        <source>Dispatch latency</source>
        <translation>分派延迟</translation>
    </message>
    <message>
        <source>mean</source>
        <translation>平均值</translation>
    </message>
    <message>
        <source>API requests</source>
        <translation>API 请求</translation>
    </message>
    <message>
        <source>per s</source>
        <translation>每秒</translation>
    </message>
    <message>
        <source>requests</source>
        <translation>请求</translation>
    </message>
    <message>
        <source>API p99 latency</source>
        <translation>API p99 延迟</translation>
    </message>
    <message>
        <source>p99</source>
        <translation>p99</translation>
    </message>
    <message>
        <source>Tokens and cost</source>
        <translation>令牌与成本</translation>
    </message>
    <message>
        <source>tokens</source>
        <translation>令牌</translation>
    </message>
    <message>
        <source>cost (USD)</source>
        <translation>成本（USD）</translation>
    </message>
    <message>
        <source>Window:</source>
        <translation>时间窗口：</translation>
    </message>
</context>
<context>
    <name>Orc::Gui::NewSessionDialog</name>
    <message>
        <source>New session</source>
        <translation>新建会话</translation>
    </message>
    <message>
        <source>What this session is for (1–200 characters)</source>
        <translation>此会话的用途（1–200 个字符）</translation>
    </message>
    <message>
        <source>&amp;Title:</source>
        <translation>标题(&amp;T)：</translation>
    </message>
    <message>
        <source>The instructions the agent gets (1–10,000 characters)</source>
        <translation>发给智能体的指令（1–10,000 个字符）</translation>
    </message>
    <message>
        <source>&amp;Prompt:</source>
        <translation>提示词(&amp;P)：</translation>
    </message>
    <message>
        <source>T&amp;ype:</source>
        <translation>类型(&amp;Y)：</translation>
    </message>
    <message>
        <source>P&amp;riority:</source>
        <translation>优先级(&amp;R)：</translation>
    </message>
    <message>
        <source>The best agent with these capabilities</source>
        <translation>具备这些能力的最佳智能体</translation>
    </message>
    <message>
        <source>%1 (%2, %3)</source>
        <translation>%1（%2，%3）</translation>
    </message>
    <message>
        <source>&amp;Agent:</source>
        <translation>智能体(&amp;A)：</translation>
    </message>
    <message>
        <source>&amp;Capabilities:</source>
        <translation>能力(&amp;C)：</translation>
    </message>
    <message>
        <source> s</source>
        <translation> 秒</translation>
    </message>
    <message>
        <source>Time &amp;limit:</source>
        <translation>时间限制(&amp;L)：</translation>
    </message>
    <message>
        <source>comma-separated, up to 20</source>
        <translation>以逗号分隔，最多 20 个</translation>
    </message>
    <message>
        <source>Ta&amp;gs:</source>
        <translation>标签(&amp;G)：</translation>
    </message>
    <message>
        <source>&amp;Start at once</source>
        <translation>立即启动(&amp;S)</translation>
    </message>
    <message>
        <source>Create</source>
        <translation>创建</translation>
    </message>
</context>
<context>
    <name>Orc::Gui::RegisterAgentDialog</name>
    <message>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <source>Register external agent</source>
        <translation>注册外部智能体</translation>
    </message>
    <message>
        <source>Add internal agent</source>
        <translation>添加内部智能体</translation>
    </message>
    <message>
        <source>unique, 3–100 of A–Z a–z 0–9 _ . -</source>
        <translation>唯一，3–100 个字符，限 A–Z a–z 0–9 _ . -</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>名称(&amp;N)：</translation>
    </message>
    <message>
        <source>&amp;Type:</source>
        <translation>类型(&amp;T)：</translation>
    </message>
    <message>
        <source>&amp;Capabilities:</source>
        <translation>能力(&amp;C)：</translation>
    </message>
    <message>
        <source>&amp;Endpoint URL:</source>
        <translation>端点 URL(&amp;E)：</translation>
    </message>
    <message>
        <source>program and arguments, e.g. sh -c &quot;my-agent --once&quot;</source>
        <translation>程序及参数，例如 sh -c &quot;my-agent --once&quot;</translation>
    </message>
    <message>
        <source>Co&amp;mmand:</source>
        <translation>命令(&amp;M)：</translation>
    </message>
    <message>
        <source>where it runs (default: the current directory)</source>
        <translation>运行位置（默认：当前目录）</translation>
    </message>
    <message>
        <source>&amp;Working directory:</source>
        <translation>工作目录(&amp;W)：</translation>
    </message>
    <message>
        <source>Max &amp;concurrent tasks:</source>
        <translation>最大并发任务数(&amp;C)：</translation>
    </message>
    <message>
        <source>&lt;b&gt;Copy these now.&lt;/b&gt; They are shown this once: the orchestrator keeps only a hash of the token. The agent sends the token as &lt;tt&gt;X-Agent-Token&lt;/tt&gt; and checks each task&apos;s &lt;tt&gt;X-EAP-Signature&lt;/tt&gt; with the secret.</source>
        <translation>&lt;b&gt;请立即复制。&lt;/b&gt;它们仅显示这一次：编排器只保存令牌的哈希值。智能体通过 &lt;tt&gt;X-Agent-Token&lt;/tt&gt; 发送令牌，并用该密钥校验每个任务的 &lt;tt&gt;X-EAP-Signature&lt;/tt&gt;。</translation>
    </message>
    <message>
        <source>Auth token:</source>
        <translation>认证令牌：</translation>
    </message>
    <message>
        <source>Dispatch secret:</source>
        <translation>分派密钥：</translation>
    </message>
    <message>
        <source>Register</source>
        <translation>注册</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>添加</translation>
    </message>
    <message>
        <source>Done, I copied them</source>
        <translation>完成，我已复制</translation>
    </message>
    <message>
        <source>Process: a command line</source>
        <translation>进程：一条命令行</translation>
    </message>
    <message>
        <source>OpenCode server</source>
        <translation>OpenCode 服务器</translation>
    </message>
    <message>
        <source>&amp;Runner:</source>
        <translation>运行方式(&amp;R)：</translation>
    </message>
    <message>
        <source>Server &amp;URL:</source>
        <translation>服务器 URL(&amp;U)：</translation>
    </message>
    <message>
        <source>a running opencode serve, e.g. http://127.0.0.1:4096</source>
        <translation>正在运行的 opencode serve，例如 http://127.0.0.1:4096</translation>
    </message>
    <message>
        <source>or start &amp;program:</source>
        <translation>或启动程序(&amp;P)：</translation>
    </message>
    <message>
        <source>opencode: the orchestrator starts and supervises opencode serve</source>
        <translation>opencode：由编排器启动并监管 opencode serve</translation>
    </message>
    <message>
        <source>Server pass&amp;word:</source>
        <translation>服务器密码(&amp;W)：</translation>
    </message>
    <message>
        <source>optional: the server&apos;s OPENCODE_SERVER_PASSWORD (HTTP Basic)</source>
        <translation>可选：服务器的 OPENCODE_SERVER_PASSWORD（HTTP Basic）</translation>
    </message>
    <message>
        <source>&amp;Provider:</source>
        <translation>提供商(&amp;P)：</translation>
    </message>
    <message>
        <source>e.g. anthropic</source>
        <translation>例如 anthropic</translation>
    </message>
    <message>
        <source>&amp;Model:</source>
        <translation>模型(&amp;M)：</translation>
    </message>
    <message>
        <source>e.g. claude-sonnet-4-5</source>
        <translation>例如 claude-sonnet-4-5</translation>
    </message>
    <message>
        <source>Wor&amp;king directory:</source>
        <translation>工作目录(&amp;K)：</translation>
    </message>
    <message>
        <source>the project&apos;s absolute path (a session may name another)</source>
        <translation>项目的绝对路径（会话可指定其他目录）</translation>
    </message>
    <message>
        <source>OpenCode a&amp;gent:</source>
        <translation>OpenCode 代理(&amp;G)：</translation>
    </message>
    <message>
        <source>optional, e.g. build or plan</source>
        <translation>可选，例如 build 或 plan</translation>
    </message>
    <message>
        <source>Allow everything (autonomous)</source>
        <translation>全部允许（自主运行）</translation>
    </message>
    <message>
        <source>Ask the operator</source>
        <translation>询问操作员</translation>
    </message>
    <message>
        <source>Deny what needs permission</source>
        <translation>拒绝需要权限的操作</translation>
    </message>
    <message>
        <source>Per&amp;missions:</source>
        <translation>权限(&amp;M)：</translation>
    </message>
</context>
<context>
    <name>Orc::Gui::RemoteClient</name>
    <message>
        <source>the window closed</source>
        <translation>窗口已关闭</translation>
    </message>
    <message>
        <source>%1 did not answer: %2</source>
        <translation>%1 未响应：%2</translation>
    </message>
    <message>
        <source>remote · %1</source>
        <translation>远程 · %1</translation>
    </message>
</context>
<context>
    <name>Orc::Gui::SessionDetail</name>
    <message>
        <source>Session %1</source>
        <translation>会话 %1</translation>
    </message>
    <message>
        <source>Sequence</source>
        <translation>序号</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>创建时间</translation>
    </message>
    <message>
        <source>Data</source>
        <translation>数据</translation>
    </message>
    <message>
        <source>&amp;Restore from this checkpoint</source>
        <translation>从此检查点恢复(&amp;R)</translation>
    </message>
    <message>
        <source>The session goes back to pending; its next run resumes from this checkpoint.</source>
        <translation>会话将回到 pending 状态；下次运行时将从此检查点继续。</translation>
    </message>
    <message>
        <source>Metric</source>
        <translation>指标</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>值</translation>
    </message>
    <message>
        <source>Seq</source>
        <translation>序号</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>摘要</translation>
    </message>
    <message>
        <source>&amp;Log</source>
        <translation>日志(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Checkpoints</source>
        <translation>检查点(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Metrics</source>
        <translation>指标(&amp;M)</translation>
    </message>
    <message>
        <source>C&amp;hildren</source>
        <translation>子会话(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;Events</source>
        <translation>事件(&amp;E)</translation>
    </message>
    <message>
        <source>Session — %1</source>
        <translation>会话 — %1</translation>
    </message>
    <message>
        <source>Status: &lt;b style=&quot;color:%1&quot;&gt;%2&lt;/b&gt;</source>
        <translation>状态：&lt;b style=&quot;color:%1&quot;&gt;%2&lt;/b&gt;</translation>
    </message>
    <message>
        <source> · resumes from checkpoint %1</source>
        <translation> · 将从检查点 %1 继续</translation>
    </message>
    <message>
        <source>Restored from checkpoint %1: the session is pending again</source>
        <translation>已从检查点 %1 恢复：会话重新处于 pending 状态</translation>
    </message>
    <message>
        <source>Restore refused: %1</source>
        <translation>恢复被拒绝：%1</translation>
    </message>
    <message>
        <source>The agent waits for your answer</source>
        <translation>代理正在等待您的答复</translation>
    </message>
    <message>
        <source>Permission</source>
        <translation>权限</translation>
    </message>
    <message>
        <source>For</source>
        <translation>对象</translation>
    </message>
    <message>
        <source>Asked</source>
        <translation>请求时间</translation>
    </message>
    <message>
        <source>Allow &amp;once</source>
        <translation>允许一次(&amp;O)</translation>
    </message>
    <message>
        <source>Allow this one request</source>
        <translation>仅允许这一次请求</translation>
    </message>
    <message>
        <source>&amp;Always allow</source>
        <translation>总是允许(&amp;A)</translation>
    </message>
    <message>
        <source>Allow it, and requests like it for the rest of this OpenCode session</source>
        <translation>允许此请求，并在本 OpenCode 会话剩余时间内允许同类请求</translation>
    </message>
    <message>
        <source>Re&amp;ject</source>
        <translation>拒绝(&amp;J)</translation>
    </message>
    <message>
        <source>Refuse it: the agent is told and goes on without</source>
        <translation>拒绝：代理会收到通知并在没有它的情况下继续</translation>
    </message>
    <message>
        <source>The answer was refused: %1</source>
        <translation>答复被拒绝：%1</translation>
    </message>
</context>
<context>
    <name>Orc::Gui::SessionModel</name>
    <message>
        <source>critical</source>
        <translation>紧急</translation>
    </message>
    <message>
        <source>high</source>
        <translation>高</translation>
    </message>
    <message>
        <source>medium</source>
        <translation>中</translation>
    </message>
    <message>
        <source>low</source>
        <translation>低</translation>
    </message>
    <message>
        <source>deferred</source>
        <translation>延后</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Priority</source>
        <translation>优先级</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Agent</source>
        <translation>智能体</translation>
    </message>
    <message>
        <source>Checkpoints</source>
        <translation>检查点</translation>
    </message>
    <message>
        <source>Tokens</source>
        <translation>令牌</translation>
    </message>
    <message>
        <source>Cost (USD)</source>
        <translation>成本（USD）</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>创建时间</translation>
    </message>
    <message>
        <source>Updated</source>
        <translation>更新时间</translation>
    </message>
</context>
<context>
    <name>Orc::Gui::SessionsPanel</name>
    <message>
        <source>&amp;New…</source>
        <translation>新建(&amp;N)…</translation>
    </message>
    <message>
        <source>Create a session (Ctrl+N)</source>
        <translation>创建会话（Ctrl+N）</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>启动</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>继续</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Retry</source>
        <translation>重试</translation>
    </message>
    <message>
        <source>Filter: title, agent, tag…</source>
        <translation>筛选：标题、智能体、标签…</translation>
    </message>
    <message>
        <source>Any status</source>
        <translation>任意状态</translation>
    </message>
    <message>
        <source>Session %1 created</source>
        <translation>会话 %1 已创建</translation>
    </message>
    <message numerus="yes">
        <source>%1: %n session(s)</source>
        <translation>
            <numerusform>%1：%n 个会话</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 refused for %2</source>
        <translation>%1 被拒绝：%2</translation>
    </message>
</context>
<context>
    <name>Orc::Gui::TasksPanel</name>
    <message>
        <source>&amp;Decompose</source>
        <translation>分解(&amp;D)</translation>
    </message>
    <message>
        <source>Split the selected task into subtasks by the server&apos;s rules</source>
        <translation>按服务器的规则将所选任务拆分为子任务</translation>
    </message>
    <message>
        <source>Task</source>
        <translation>任务</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Priority</source>
        <translation>优先级</translation>
    </message>
    <message>
        <source>Hours</source>
        <translation>小时</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Tasks could not be read: %1</source>
        <translation>无法读取任务：%1</translation>
    </message>
    <message>
        <source>The graph could not be read: %1</source>
        <translation>无法读取依赖图：%1</translation>
    </message>
    <message>
        <source>Task decomposed</source>
        <translation>任务已分解</translation>
    </message>
    <message>
        <source>Decompose refused: %1</source>
        <translation>分解被拒绝：%1</translation>
    </message>
</context>
<context>
    <name>Orc::Gui::TimelinePanel</name>
    <message>
        <source>5 minutes</source>
        <translation>5 分钟</translation>
    </message>
    <message>
        <source>15 minutes</source>
        <translation>15 分钟</translation>
    </message>
    <message>
        <source>1 hour</source>
        <translation>1 小时</translation>
    </message>
    <message>
        <source>6 hours</source>
        <translation>6 小时</translation>
    </message>
    <message>
        <source>24 hours</source>
        <translation>24 小时</translation>
    </message>
    <message>
        <source>1 week</source>
        <translation>1 周</translation>
    </message>
    <message>
        <source>Zoom in (+, Ctrl+wheel)</source>
        <translation>放大（+，Ctrl+滚轮）</translation>
    </message>
    <message>
        <source>Zoom out (−, Ctrl+wheel)</source>
        <translation>缩小（−，Ctrl+滚轮）</translation>
    </message>
    <message>
        <source>Now</source>
        <translation>现在</translation>
    </message>
    <message>
        <source>Follow the present (End); drag or use the arrow keys to look back</source>
        <translation>跟随当前时间（End）；拖动或使用方向键回看</translation>
    </message>
    <message>
        <source>Window:</source>
        <translation>时间窗口：</translation>
    </message>
</context>
<context>
    <name>Orc::Gui::TimelineView</name>
    <message>
        <source>Sessions appear here as bars over time once they exist.</source>
        <translation>创建会话后，会话将以时间条的形式显示在这里。</translation>
    </message>
</context>
</TS>
