<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>Account</name>
    <message>
        <source>Sign out</source>
        <translation>退出登录</translation>
    </message>
    <message numerus="yes">
        <source>%n change(s) have not reached the office yet. They stay on this laptop and are sent after the next sign-in. Sign out anyway?</source>
        <translation>
            <numerusform>还有 %n 项变更未同步到公司。它们会保留在这台电脑上，下次登录后自动发送。仍要退出登录吗？</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ActionForm</name>
    <message>
        <source>&amp;Kind</source>
        <translation>类型(&amp;K)</translation>
    </message>
    <message>
        <source>&amp;What was done</source>
        <translation>处理内容(&amp;W)</translation>
    </message>
    <message>
        <source>&amp;Result</source>
        <translation>结果(&amp;R)</translation>
    </message>
    <message>
        <source>Result &amp;details</source>
        <translation>结果详情(&amp;D)</translation>
    </message>
    <message>
        <source>Te&amp;mplate</source>
        <translation>模板(&amp;M)</translation>
    </message>
    <message>
        <source>e.g. Restarted the listener on node 2</source>
        <translation>例如：重启了节点 2 上的监听程序</translation>
    </message>
    <message>
        <source>Record action  (Ctrl+Enter)</source>
        <translation>记录处理操作  (Ctrl+Enter)</translation>
    </message>
    <message>
        <source>Save as template…</source>
        <translation>存为模板…</translation>
    </message>
    <message>
        <source>Keep this action (kind, what was done, result) to record it again</source>
        <translation>保存此操作（类型、内容、结果），以后一键再次记录</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Forget the chosen template</source>
        <translation>删除所选模板</translation>
    </message>
    <message>
        <source>No templates yet: fill in an action, then save it</source>
        <translation>还没有模板：填写一项操作后即可保存</translation>
    </message>
    <message>
        <source>Choose a template…</source>
        <translation>选择模板…</translation>
    </message>
    <message>
        <source>This system is not in the contract&apos;s Annex 1: billable separately.</source>
        <translation>该系统未列入合同附件一：另行计费。</translation>
    </message>
    <message>
        <source>Out of scope: the contract excludes this kind of work (billable separately).</source>
        <translation>超出合同范围：合同不包含此类工作（另行计费）。</translation>
    </message>
</context>
<context>
    <name>ActionKind</name>
    <message>
        <source>Restart</source>
        <translation>重启</translation>
    </message>
    <message>
        <source>Service stop/start</source>
        <translation>服务启停</translation>
    </message>
    <message>
        <source>Configuration change</source>
        <translation>配置变更</translation>
    </message>
    <message>
        <source>Patch</source>
        <translation>补丁</translation>
    </message>
    <message>
        <source>Temporary hardware</source>
        <translation>临时硬件</translation>
    </message>
    <message>
        <source>Workaround</source>
        <translation>临时方案</translation>
    </message>
    <message>
        <source>Test</source>
        <translation>测试</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>其他</translation>
    </message>
    <message>
        <source>Planned change</source>
        <translation>计划变更</translation>
    </message>
    <message>
        <source>Optimisation</source>
        <translation>优化</translation>
    </message>
    <message>
        <source>Preventive work</source>
        <translation>预防性维护</translation>
    </message>
    <message>
        <source>Routine upgrade</source>
        <translation>常规升级</translation>
    </message>
</context>
<context>
    <name>Channel</name>
    <message>
        <source>phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <source>e-mail</source>
        <translation>电子邮件</translation>
    </message>
    <message>
        <source>portal</source>
        <translation>服务门户</translation>
    </message>
    <message>
        <source>on site</source>
        <translation>现场报告</translation>
    </message>
    <message>
        <source>other</source>
        <translation>其他</translation>
    </message>
</context>
<context>
    <name>ClockCard</name>
    <message>
        <source>The contract sets no target for this priority.</source>
        <translation>合同未对此优先级设定目标时间。</translation>
    </message>
    <message>
        <source>Target {target}</source>
        <translation>目标 {target}</translation>
    </message>
    <message>
        <source>due {time}</source>
        <translation>截止 {time}</translation>
    </message>
    <message>
        <source>paused {time}</source>
        <translation>累计暂停 {time}</translation>
    </message>
    <message>
        <source>stopped {time}</source>
        <translation>停止于 {time}</translation>
    </message>
</context>
<context>
    <name>ClockForm</name>
    <message>
        <source>Signed off: the SLA clock stopped for good at {time} ({outcome}).</source>
        <translation>已签字确认：SLA 计时已于 {time} 最终停止（{outcome}）。</translation>
    </message>
    <message>
        <source>Cancelled: the SLA clock no longer counts.</source>
        <translation>已取消：SLA 计时不再计算。</translation>
    </message>
    <message>
        <source>Resolved: the SLA clock stopped at {time} ({outcome}). Reopening the incident lets it run again.</source>
        <translation>已解决：SLA 计时已于 {time} 停止（{outcome}）。重新打开事件后计时继续。</translation>
    </message>
    <message>
        <source>&amp;Reason</source>
        <translation>原因(&amp;R)</translation>
    </message>
    <message>
        <source>e.g. The client&apos;s DBA is not on site yet</source>
        <translation>例如：客户的 DBA 尚未到场</translation>
    </message>
    <message>
        <source>This contract does not let the SLA clock stop while you wait.</source>
        <translation>本合同不允许在等待期间暂停 SLA 计时。</translation>
    </message>
    <message>
        <source>The SLA clock is paused.</source>
        <translation>SLA 计时已暂停。</translation>
    </message>
    <message>
        <source>The SLA clock is running. Pause it while the client cannot give you access or information.</source>
        <translation>SLA 计时进行中。客户无法提供访问权限或所需信息时，可暂停计时。</translation>
    </message>
    <message>
        <source>Resume clock  (Ctrl+Enter)</source>
        <translation>恢复计时  (Ctrl+Enter)</translation>
    </message>
    <message>
        <source>Pause clock  (Ctrl+Enter)</source>
        <translation>暂停计时  (Ctrl+Enter)</translation>
    </message>
</context>
<context>
    <name>DraftsBanner</name>
    <message>
        <source>Open them</source>
        <translation>打开查看</translation>
    </message>
    <message numerus="yes">
        <source>Unsaved entries from your last session are waiting in %n incident(s).</source>
        <translation>
            <numerusform>上次会话中有未保存的内容，涉及 %n 个事件。</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>EntryForm</name>
    <message>
        <source>Draft kept</source>
        <translation>草稿已保存</translation>
    </message>
    <message>
        <source>Draft from {time} restored</source>
        <translation>已恢复 {time} 的草稿</translation>
    </message>
</context>
<context>
    <name>Errors</name>
    <message>
        <source>Not recorded</source>
        <translation>未能记录</translation>
    </message>
    <message>
        <source>Something went wrong</source>
        <extracomment>Tests replace this to look at the dialog instead of blocking on it.</extracomment>
        <translation>出错了</translation>
    </message>
    <message>
        <source>Fieldbook hit an unexpected problem. What you already saved is safe; the last action may not have been recorded.</source>
        <translation>Fieldbook 遇到了意外问题。已保存的内容不受影响；最后一次操作可能未被记录。</translation>
    </message>
    <message>
        <source>The details are in the log file:
{path}</source>
        <translation>详细信息见日志文件：
{path}</translation>
    </message>
</context>
<context>
    <name>Format</name>
    <message>
        <source>{d} d {h} h</source>
        <translation>{d} 天 {h} 小时</translation>
    </message>
    <message>
        <source>{d} d</source>
        <translation>{d} 天</translation>
    </message>
    <message>
        <source>{h} h {m} min</source>
        <translation>{h} 小时 {m} 分</translation>
    </message>
    <message>
        <source>{h} h</source>
        <translation>{h} 小时</translation>
    </message>
    <message>
        <source>{m} min</source>
        <translation>{m} 分钟</translation>
    </message>
    <message>
        <source>no target</source>
        <translation>未设目标</translation>
    </message>
    <message>
        <source>met</source>
        <translation>达标</translation>
    </message>
    <message>
        <source>missed</source>
        <translation>未达标</translation>
    </message>
    <message>
        <source>breached {t} ago</source>
        <translation>已超时 {t}</translation>
    </message>
    <message>
        <source>{t} (paused)</source>
        <translation>{t}（已暂停）</translation>
    </message>
    <message>
        <source>response</source>
        <translation>响应</translation>
    </message>
    <message>
        <source>resolution</source>
        <translation>解决</translation>
    </message>
</context>
<context>
    <name>IncidentList</name>
    <message>
        <source>Number</source>
        <translation>编号</translation>
    </message>
    <message>
        <source>Priority</source>
        <translation>优先级</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>SLA clock: time left</source>
        <translation>SLA 计时：剩余时间</translation>
    </message>
    <message>
        <source>Client</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>System</source>
        <translation>系统</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <source>{clock}: {left}</source>
        <translation>{clock}：{left}</translation>
    </message>
    <message>
        <source>{system} (not covered)</source>
        <translation>{system}（未列入合同附件一）</translation>
    </message>
    <message>
        <source>{clock} due {due}</source>
        <translation>{clock}截止时间：{due}</translation>
    </message>
    <message>
        <source>This system is not in the contract&apos;s Annex 1.</source>
        <translation>该系统未列入合同附件一。</translation>
    </message>
</context>
<context>
    <name>IncidentListPage</name>
    <message numerus="yes">
        <source>{shown} of %n incident(s)</source>
        <translation>
            <numerusform>{shown} / 共 %n 个事件</numerusform>
        </translation>
    </message>
    <message>
        <source>Filter by number, client, system or text  (Ctrl+F)</source>
        <translation>按编号、客户、系统或文字筛选  (Ctrl+F)</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>未关闭</translation>
    </message>
    <message>
        <source>P1</source>
        <translation>P1</translation>
    </message>
    <message>
        <source>About to breach</source>
        <translation>即将超时</translation>
    </message>
    <message>
        <source>Breached</source>
        <translation>已超时</translation>
    </message>
    <message>
        <source>All</source>
        <translation>全部</translation>
    </message>
    <message>
        <source>Loading incidents…</source>
        <translation>正在加载事件…</translation>
    </message>
</context>
<context>
    <name>IncidentWorkspace</name>
    <message>
        <source>Response</source>
        <translation>响应</translation>
    </message>
    <message>
        <source>Resolution</source>
        <translation>解决</translation>
    </message>
    <message>
        <source>Nothing recorded.</source>
        <translation>未记录。</translation>
    </message>
    <message>
        <source>Client sign-off…  ({keys})</source>
        <translation>客户签字确认…  （{keys}）</translation>
    </message>
    <message>
        <source>Also Ctrl+Shift+S</source>
        <translation>也可按 Ctrl+Shift+S</translation>
    </message>
    <message>
        <source>No further status change from here.</source>
        <translation>当前状态已无法再变更。</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <source>E-mail</source>
        <translation>电子邮件</translation>
    </message>
    <message>
        <source>Portal</source>
        <translation>服务门户</translation>
    </message>
    <message>
        <source>Walk-up on site</source>
        <translation>现场报修</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>其他</translation>
    </message>
    <message>
        <source>Cancel incident</source>
        <translation>取消事件</translation>
    </message>
    <message>
        <source>Cancel this incident? Nothing more can be recorded on it afterwards.</source>
        <translation>确定要取消此事件吗？取消后将无法再记录任何内容。</translation>
    </message>
    <message>
        <source>Client</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>System</source>
        <translation>系统</translation>
    </message>
    <message>
        <source>Contract</source>
        <translation>合同</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>报修渠道</translation>
    </message>
    <message>
        <source>Notified</source>
        <translation>报修时间</translation>
    </message>
    <message>
        <source>Site</source>
        <translation>现场地址</translation>
    </message>
    <message>
        <source>What the client reported</source>
        <translation>客户报告的内容</translation>
    </message>
    <message>
        <source>Copy the site&apos;s address</source>
        <translation>复制现场地址</translation>
    </message>
    <message>
        <source>Copy what the client reported (it names the caller)</source>
        <translation>复制客户报告的内容（含报障人）</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <source>This system is not in the contract&apos;s Annex 1: work on it is out of scope and billable separately.</source>
        <translation>该系统未列入合同附件一：相关工作超出合同范围，另行计费。</translation>
    </message>
    <message>
        <source>Next step</source>
        <translation>下一步</translation>
    </message>
    <message>
        <source>Service report…</source>
        <translation>服务报告…</translation>
    </message>
    <message>
        <source>Preview, save or print the report (Ctrl+R)</source>
        <translation>预览、保存或打印服务报告 (Ctrl+R)</translation>
    </message>
    <message>
        <source>Timeline</source>
        <translation>时间线</translation>
    </message>
    <message>
        <source>Void an entry…  (Ctrl+D)</source>
        <translation>作废条目…  (Ctrl+D)</translation>
    </message>
    <message>
        <source>Record</source>
        <translation>记录</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>诊断记录</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>处理操作</translation>
    </message>
    <message>
        <source>Swap</source>
        <translation>硬件更换</translation>
    </message>
    <message>
        <source>Parts</source>
        <translation>备件</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>工时</translation>
    </message>
    <message>
        <source>SLA clock</source>
        <translation>SLA 计时</translation>
    </message>
</context>
<context>
    <name>Mail</name>
    <message>
        <source>The address must be text.</source>
        <translation>地址必须是文本。</translation>
    </message>
    <message>
        <source>The address is empty.</source>
        <translation>地址为空。</translation>
    </message>
    <message>
        <source>The address is longer than {limit} characters.</source>
        <translation>地址超过 {limit} 个字符。</translation>
    </message>
    <message>
        <source>Give one plain address, without spaces, names or a list.</source>
        <translation>请只填一个地址，不要空格、姓名或多个地址。</translation>
    </message>
    <message>
        <source>The address needs a name, an @ and a domain (name@example.com).</source>
        <translation>地址需要包含用户名、@ 和域名（name@example.com）。</translation>
    </message>
    <message>
        <source>The part before the @ is not valid.</source>
        <translation>@ 前面的部分无效。</translation>
    </message>
    <message>
        <source>The domain after the @ is not valid (it looks like example.com).</source>
        <translation>@ 后面的域名无效（应类似 example.com）。</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Fieldbook</source>
        <extracomment>Every how many seconds the SLA alerts are checked (the clocks move by the minute). A tab&apos;s close button, in Qt&apos;s own catalogue (qtbase_*.qm), not ours.</extracomment>
        <translation>Fieldbook</translation>
    </message>
    <message>
        <source>Incidents</source>
        <translation>事件</translation>
    </message>
    <message>
        <source>Van stock</source>
        <translation>随车备件库存</translation>
    </message>
    <message>
        <source>New incident on site…</source>
        <translation>现场新建事件…</translation>
    </message>
    <message>
        <source>Find incident</source>
        <translation>查找事件</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>Settings…</source>
        <translation>设置…</translation>
    </message>
    <message>
        <source>Close tab</source>
        <translation>关闭标签页</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>退出</translation>
    </message>
    <message>
        <source>Open log folder</source>
        <translation>打开日志文件夹</translation>
    </message>
    <message>
        <source>Sign in to the office…</source>
        <translation>登录到公司服务器…</translation>
    </message>
    <message>
        <source>Sign out…</source>
        <translation>退出登录…</translation>
    </message>
    <message>
        <source>Sync now</source>
        <translation>立即同步</translation>
    </message>
    <message>
        <source>Changes the office refused…</source>
        <translation>被公司拒收的变更…</translation>
    </message>
    <message>
        <source>Main toolbar</source>
        <translation>主工具栏</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>Data folder: {path}</source>
        <translation>数据文件夹：{path}</translation>
    </message>
    <message>
        <source>This computer was marked lost</source>
        <translation>此电脑已被标记为丢失</translation>
    </message>
</context>
<context>
    <name>NewIncidentDialog</name>
    <message>
        <source>New incident on site</source>
        <translation>现场新建事件</translation>
    </message>
    <message>
        <source>&amp;Contract</source>
        <translation>合同(&amp;C)</translation>
    </message>
    <message>
        <source>S&amp;ystem</source>
        <translation>系统(&amp;Y)</translation>
    </message>
    <message>
        <source>System &amp;name</source>
        <translation>系统名称(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;Priority</source>
        <translation>优先级(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Title</source>
        <translation>标题(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Description</source>
        <translation>描述(&amp;D)</translation>
    </message>
    <message>
        <source>The system the client is asking about</source>
        <translation>客户报修的系统</translation>
    </message>
    <message>
        <source>e.g. 打印服务器无法访问 / print server down</source>
        <translation>例如：打印服务器无法访问</translation>
    </message>
    <message>
        <source>Open incident</source>
        <translation>创建事件</translation>
    </message>
    <message>
        <source>Other system (not in Annex 1)…</source>
        <translation>其他系统（未列入合同附件一）…</translation>
    </message>
</context>
<context>
    <name>NoteForm</name>
    <message>
        <source>&amp;What did you find?</source>
        <translation>发现了什么(&amp;W)？</translation>
    </message>
    <message>
        <source>Symptoms, error messages, what you checked. Paste logs here.</source>
        <translation>故障现象、错误信息、已检查的内容。日志可直接粘贴在这里。</translation>
    </message>
    <message>
        <source>&amp;Log or command output (keep it monospace)</source>
        <translation>日志或命令输出（使用等宽字体）(&amp;L)</translation>
    </message>
    <message>
        <source>Files</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>Add &amp;files…</source>
        <translation>添加文件(&amp;F)…</translation>
    </message>
    <message>
        <source>Paste &amp;screenshot</source>
        <translation>粘贴截图(&amp;S)</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <source>Add note  (Ctrl+Enter)</source>
        <translation>添加诊断记录  (Ctrl+Enter)</translation>
    </message>
    <message>
        <source>The clipboard holds no image.</source>
        <translation>剪贴板中没有图片。</translation>
    </message>
    <message>
        <source>The clipboard&apos;s image could not be saved.</source>
        <translation>无法保存剪贴板中的图片。</translation>
    </message>
    <message>
        <source>Attach files</source>
        <translation>添加附件</translation>
    </message>
</context>
<context>
    <name>PartsForm</name>
    <message>
        <source>The van stock is empty.</source>
        <translation>随车备件库存为空。</translation>
    </message>
    <message numerus="yes">
        <source>%n available in the van</source>
        <translation>
            <numerusform>车上可用 %n 件</numerusform>
        </translation>
    </message>
    <message>
        <source>&amp;Part</source>
        <translation>备件(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Quantity</source>
        <translation>数量(&amp;Q)</translation>
    </message>
    <message>
        <source>Type part of its number or name</source>
        <translation>输入备件号或名称的一部分</translation>
    </message>
    <message>
        <source>Use parts  (Ctrl+Enter)</source>
        <translation>使用备件  (Ctrl+Enter)</translation>
    </message>
</context>
<context>
    <name>PassphraseDialog</name>
    <message>
        <source>Unlock the data folder</source>
        <translation>解锁数据文件夹</translation>
    </message>
    <message>
        <source>This computer has no keyring to keep the key of your data folder {path}. Choose a passphrase: the client data on this laptop is encrypted with it, and you will type it at every start. Without it the data cannot be read.</source>
        <translation>这台电脑没有可保存数据文件夹 {path} 密钥的钥匙环。请设置一个口令：本机上的客户数据用它加密，每次启动都需要输入。没有它，数据无法读取。</translation>
    </message>
    <message>
        <source>Type the passphrase of the data folder {path}.</source>
        <translation>请输入数据文件夹 {path} 的口令。</translation>
    </message>
    <message>
        <source>Passphrase</source>
        <translation>口令</translation>
    </message>
    <message>
        <source>Again</source>
        <translation>再输入一次</translation>
    </message>
    <message>
        <source>A passphrase needs at least {minimum} characters.</source>
        <translation>口令至少需要 {minimum} 个字符。</translation>
    </message>
    <message>
        <source>The two passphrases differ.</source>
        <translation>两次输入的口令不一致。</translation>
    </message>
    <message>
        <source>Type the passphrase.</source>
        <translation>请输入口令。</translation>
    </message>
</context>
<context>
    <name>RefusalDialog</name>
    <message>
        <source>The client refuses to sign</source>
        <translation>客户拒绝签字</translation>
    </message>
    <message>
        <source>Nobody is available to sign</source>
        <translation>无人可以签字</translation>
    </message>
    <message>
        <source>What happened, in a few words</source>
        <translation>简要说明情况</translation>
    </message>
    <message>
        <source>Seal without signature</source>
        <translation>无签字封存</translation>
    </message>
    <message>
        <source>&amp;Why</source>
        <translation>原因类型(&amp;W)</translation>
    </message>
    <message>
        <source>&amp;Reason</source>
        <translation>说明(&amp;R)</translation>
    </message>
    <message>
        <source>No signature</source>
        <translation>无签字</translation>
    </message>
</context>
<context>
    <name>RefusedChangesDialog</name>
    <message>
        <source>Recorded</source>
        <translation>记录时间</translation>
    </message>
    <message>
        <source>Incident</source>
        <translation>事件</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>变更内容</translation>
    </message>
    <message>
        <source>Why the office refused it</source>
        <translation>公司拒收的原因</translation>
    </message>
    <message>
        <source>What you can do</source>
        <translation>您可以怎么做</translation>
    </message>
    <message>
        <source>Nothing was refused. Everything you recorded reached the office or is waiting to be sent.</source>
        <translation>没有被拒收的变更。您记录的内容都已送达公司或正在等待发送。</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>收到时间</translation>
    </message>
    <message>
        <source>From the office</source>
        <translation>来自办公室</translation>
    </message>
    <message>
        <source>Records from the office this laptop could not store beside its own</source>
        <translation>来自办公室、但与本机记录冲突而无法保存的记录</translation>
    </message>
    <message>
        <source>Send again</source>
        <translation>重新发送</translation>
    </message>
    <message>
        <source>Discard…</source>
        <translation>放弃…</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Changes the office refused</source>
        <translation>被公司拒收的变更</translation>
    </message>
    <message>
        <source>(the office has: {status}; the office&apos;s value stands)</source>
        <translation>（公司记录为：{status}；以公司记录为准）</translation>
    </message>
    <message>
        <source>Discard this change?</source>
        <translation>放弃这项变更？</translation>
    </message>
    <message>
        <source>The office will never get it. It stays on this laptop, marked as discarded. Discard it?</source>
        <translation>公司将不会收到这项变更。它会保留在这台电脑上并标记为已放弃。确定放弃吗？</translation>
    </message>
</context>
<context>
    <name>Report</name>
    <message>
        <source>Emergency service report</source>
        <translation>紧急服务报告</translation>
    </message>
    <message>
        <source>Brief report</source>
        <translation>简要报告</translation>
    </message>
    <message>
        <source>Detailed report</source>
        <translation>详细报告</translation>
    </message>
    <message>
        <source>Draft: not yet signed off by the client</source>
        <translation>草稿：客户尚未签字确认</translation>
    </message>
    <message>
        <source>Page {page} of {pages}</source>
        <translation>第 {page} 页，共 {pages} 页</translation>
    </message>
    <message>
        <source>Generated {when}</source>
        <translation>生成于 {when}</translation>
    </message>
    <message>
        <source>Seal</source>
        <translation>封印</translation>
    </message>
    <message>
        <source>Draft, not sealed:</source>
        <translation>草稿，未封印：</translation>
    </message>
    <message>
        <source>Times are {zone}.</source>
        <translation>时间均为 {zone}。</translation>
    </message>
    <message>
        <source>Incident</source>
        <translation>事件信息</translation>
    </message>
    <message>
        <source>Service level</source>
        <translation>服务级别 (SLA)</translation>
    </message>
    <message>
        <source>Outcome and summary</source>
        <translation>处理结果与摘要</translation>
    </message>
    <message>
        <source>Timeline</source>
        <translation>处理过程</translation>
    </message>
    <message>
        <source>Hardware replaced</source>
        <comment>section</comment>
        <translation>硬件更换</translation>
    </message>
    <message>
        <source>Spare parts used</source>
        <translation>使用的备件</translation>
    </message>
    <message>
        <source>Time spent</source>
        <translation>工时</translation>
    </message>
    <message>
        <source>Work outside the agreement</source>
        <translation>协议范围外的工作</translation>
    </message>
    <message>
        <source>Client sign-off</source>
        <translation>客户签字确认</translation>
    </message>
    <message>
        <source>Addenda after the sign-off</source>
        <translation>签字确认后的补充记录</translation>
    </message>
    <message>
        <source>Recorded after the client signed: not covered by the signature or the seal.</source>
        <translation>以下内容在客户签字后记录，不在签字及封印范围内。</translation>
    </message>
    <message>
        <source>Service provider</source>
        <translation>服务商</translation>
    </message>
    <message>
        <source>Client</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>Contract</source>
        <translation>合同</translation>
    </message>
    <message>
        <source>System</source>
        <translation>系统</translation>
    </message>
    <message>
        <source>Location</source>
        <translation>位置</translation>
    </message>
    <message>
        <source>Priority</source>
        <translation>优先级</translation>
    </message>
    <message>
        <source>Reported by</source>
        <translation>报告方式</translation>
    </message>
    <message>
        <source>Reported</source>
        <translation>报告时间</translation>
    </message>
    <message>
        <source>{when} ({channel})</source>
        <translation>{when}（{channel}）</translation>
    </message>
    <message>
        <source>First response</source>
        <translation>首次响应</translation>
    </message>
    <message>
        <source>Resolved</source>
        <comment>time</comment>
        <translation>解决时间</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Engineer</source>
        <translation>工程师</translation>
    </message>
    <message>
        <source>Problem</source>
        <translation>故障</translation>
    </message>
    <message>
        <source>Description</source>
        <comment>incident</comment>
        <translation>描述</translation>
    </message>
    <message>
        <source>{name} (Annex 1, {category})</source>
        <translation>{name}（附件一，{category}）</translation>
    </message>
    <message>
        <source>{name} (not in Annex 1: work billable separately)</source>
        <translation>{name}（不在附件一范围内：另行收费）</translation>
    </message>
    <message>
        <source>Clock</source>
        <translation>时钟</translation>
    </message>
    <message>
        <source>Target</source>
        <translation>目标</translation>
    </message>
    <message>
        <source>Actual</source>
        <translation>实际</translation>
    </message>
    <message>
        <source>Paused</source>
        <comment>time paused</comment>
        <translation>暂停</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>Response</source>
        <translation>响应</translation>
    </message>
    <message>
        <source>Resolution or workaround</source>
        <translation>解决或临时方案</translation>
    </message>
    <message>
        <source>none set</source>
        <translation>未约定</translation>
    </message>
    <message>
        <source>Clock pauses (client could not give access or information)</source>
        <translation>时钟暂停（客户未能提供访问或信息）</translation>
    </message>
    <message>
        <source>From</source>
        <translation>开始</translation>
    </message>
    <message>
        <source>To</source>
        <translation>结束</translation>
    </message>
    <message>
        <source>Duration</source>
        <translation>时长</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>still paused</source>
        <translation>仍在暂停</translation>
    </message>
    <message>
        <source>Met</source>
        <translation>达标</translation>
    </message>
    <message>
        <source>Missed</source>
        <translation>未达标</translation>
    </message>
    <message>
        <source>Running</source>
        <translation>计时中</translation>
    </message>
    <message>
        <source>Paused</source>
        <comment>clock state</comment>
        <translation>已暂停</translation>
    </message>
    <message>
        <source>No target</source>
        <translation>无目标</translation>
    </message>
    <message>
        <source>Fixed</source>
        <translation>已修复</translation>
    </message>
    <message>
        <source>Workaround in place</source>
        <translation>已采取临时方案</translation>
    </message>
    <message>
        <source>Not resolved yet</source>
        <translation>尚未解决</translation>
    </message>
    <message>
        <source>Engineer&apos;s outcome</source>
        <translation>工程师结论</translation>
    </message>
    <message>
        <source>Confirmed by the client</source>
        <translation>客户确认</translation>
    </message>
    <message>
        <source>Resolved</source>
        <comment>outcome</comment>
        <translation>已解决</translation>
    </message>
    <message>
        <source>Not resolved</source>
        <translation>未解决</translation>
    </message>
    <message>
        <source>{actions} ({succeeded} succeeded, {partial} partly, {failed} failed), {notes}, {attachments}, {swaps}, {parts}.</source>
        <translation>共 {actions}（成功 {succeeded}，部分成功 {partial}，失败 {failed}），{notes}，{attachments}，{swaps}，{parts}。</translation>
    </message>
    <message>
        <source>Diagnosis</source>
        <translation>诊断</translation>
    </message>
    <message>
        <source>Log</source>
        <translation>日志</translation>
    </message>
    <message>
        <source>Attachment</source>
        <translation>附件</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <source>Hardware replaced</source>
        <comment>timeline entry</comment>
        <translation>更换硬件</translation>
    </message>
    <message>
        <source>Spare part</source>
        <translation>备件</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>工时</translation>
    </message>
    <message>
        <source>SLA clock paused</source>
        <translation>SLA 时钟暂停</translation>
    </message>
    <message>
        <source>SLA clock resumed</source>
        <translation>SLA 时钟恢复</translation>
    </message>
    <message>
        <source>Correction</source>
        <translation>更正</translation>
    </message>
    <message>
        <source>Sign-off</source>
        <translation>签字确认</translation>
    </message>
    <message>
        <source>Voided: {reason}</source>
        <translation>已作废：{reason}</translation>
    </message>
    <message>
        <source>Voids the entry of {when}</source>
        <translation>作废 {when} 的记录</translation>
    </message>
    <message>
        <source>Result: {result}</source>
        <translation>结果：{result}</translation>
    </message>
    <message>
        <source>Out of scope: billable separately</source>
        <translation>范围外：另行收费</translation>
    </message>
    <message>
        <source>[… {lines} ({chars} characters) left out here …]</source>
        <translation>[…… 此处省略 {lines}（{chars} 个字符）……]</translation>
    </message>
    <message>
        <source>The full text is in the attached file {name} ({size}).</source>
        <translation>完整内容见附件 {name}（{size}）。</translation>
    </message>
    <message>
        <source>The full text is kept in the record.</source>
        <translation>完整内容保存在记录中。</translation>
    </message>
    <message>
        <source>(image could not be read)</source>
        <translation>（图片无法读取）</translation>
    </message>
    <message>
        <source>{name} ({size})</source>
        <translation>{name}（{size}）</translation>
    </message>
    <message>
        <source>{old} → {new}</source>
        <translation>{old} → {new}</translation>
    </message>
    <message>
        <source>{kind}: {start} – {end} ({duration})</source>
        <translation>{kind}：{start} – {end}（{duration}）</translation>
    </message>
    <message>
        <source>succeeded</source>
        <translation>成功</translation>
    </message>
    <message>
        <source>partly succeeded</source>
        <translation>部分成功</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>Removed</source>
        <translation>拆下</translation>
    </message>
    <message>
        <source>Installed</source>
        <translation>装上</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>TEMPORARY</source>
        <translation>临时</translation>
    </message>
    <message>
        <source>permanent</source>
        <translation>永久</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>S/N {serial}</source>
        <translation>序列号 {serial}</translation>
    </message>
    <message>
        <source>Part number</source>
        <translation>备件号</translation>
    </message>
    <message>
        <source>Description</source>
        <comment>spare part</comment>
        <translation>说明</translation>
    </message>
    <message>
        <source>Qty</source>
        <translation>数量</translation>
    </message>
    <message>
        <source>Travel</source>
        <translation>路途</translation>
    </message>
    <message>
        <source>On site</source>
        <translation>现场</translation>
    </message>
    <message>
        <source>Waiting for the client</source>
        <translation>等待客户</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>合计</translation>
    </message>
    <message>
        <source>Billable separately</source>
        <translation>另行收费</translation>
    </message>
    <message>
        <source>None: all work was covered by the agreement.</source>
        <translation>无：全部工作均在协议范围内。</translation>
    </message>
    <message>
        <source>All work was covered by the agreement.</source>
        <translation>全部工作均在协议范围内。</translation>
    </message>
    <message>
        <source>None.</source>
        <translation>无。</translation>
    </message>
    <message>
        <source>Signed by</source>
        <translation>签字人</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>职务</translation>
    </message>
    <message>
        <source>Signed at</source>
        <translation>签字时间</translation>
    </message>
    <message>
        <source>Comment</source>
        <translation>意见</translation>
    </message>
    <message>
        <source>The client refused to sign</source>
        <translation>客户拒绝签字</translation>
    </message>
    <message>
        <source>Nobody from the client was available to sign</source>
        <translation>客户方无人可签字</translation>
    </message>
    <message>
        <source>Recorded at</source>
        <translation>记录时间</translation>
    </message>
    <message>
        <source>Client&apos;s representative</source>
        <translation>客户代表</translation>
    </message>
    <message>
        <source>Not signed yet. This draft is not sealed.</source>
        <translation>尚未签字，本草稿未封印。</translation>
    </message>
    <message>
        <source>Seal (SHA-256 of the record as signed)</source>
        <translation>封印（签字时记录的 SHA-256）</translation>
    </message>
    <message>
        <source>Record fingerprint (SHA-256, not sealed)</source>
        <translation>记录指纹（SHA-256，未封印）</translation>
    </message>
    <message>
        <source>Check it against the record: fieldbook verify REPORT.pdf</source>
        <translation>核对记录：fieldbook verify 报告.pdf</translation>
    </message>
    <message>
        <source>—</source>
        <translation>—</translation>
    </message>
    <message>
        <source>: </source>
        <translation>：</translation>
    </message>
    <message numerus="yes">
        <source>%n action(s)</source>
        <extracomment>Phrases with a count (``%n``): English has a singular and a plural, Chinese one form.</extracomment>
        <translation>
            <numerusform>%n 项操作</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n diagnostic note(s)</source>
        <translation>
            <numerusform>%n 条诊断记录</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n attachment(s)</source>
        <translation>
            <numerusform>%n 个附件</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n hardware replacement(s)</source>
        <translation>
            <numerusform>%n 次硬件更换</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n spare part(s) used</source>
        <translation>
            <numerusform>使用备件 %n 件</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n line(s)</source>
        <translation>
            <numerusform>%n 行</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ReportDialog</name>
    <message>
        <source>Service report</source>
        <translation>服务报告</translation>
    </message>
    <message>
        <source>&amp;Detailed</source>
        <translation>详细(&amp;D)</translation>
    </message>
    <message>
        <source>&amp;Brief</source>
        <translation>简要(&amp;B)</translation>
    </message>
    <message>
        <source>The client&apos;s language</source>
        <translation>客户使用的语言</translation>
    </message>
    <message>
        <source>&amp;Save as…</source>
        <translation>另存为(&amp;S)…</translation>
    </message>
    <message>
        <source>Send to the &amp;client…</source>
        <translation>发送给客户(&amp;C)…</translation>
    </message>
    <message>
        <source>The office e-mails this report to the client when this laptop syncs</source>
        <translation>本机同步时，由办公室通过电子邮件将此报告发送给客户</translation>
    </message>
    <message>
        <source>&amp;Open in viewer</source>
        <translation>用阅读器打开(&amp;O)</translation>
    </message>
    <message>
        <source>&amp;Print…</source>
        <translation>打印(&amp;P)…</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message numerus="yes">
        <source>%n page(s) · sealed {seal}…</source>
        <translation>
            <numerusform>共 %n 页 · 已封存 {seal}…</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n page(s) · draft: the client has not signed yet</source>
        <translation>
            <numerusform>共 %n 页 · 草稿：客户尚未签字</numerusform>
        </translation>
    </message>
    <message>
        <source>The report could not be made.</source>
        <translation>无法生成服务报告。</translation>
    </message>
    <message>
        <source>Building the report…</source>
        <translation>正在生成服务报告…</translation>
    </message>
    <message>
        <source>Save report</source>
        <translation>保存服务报告</translation>
    </message>
    <message>
        <source>Saved to {path}</source>
        <translation>已保存到 {path}</translation>
    </message>
    <message>
        <source>Queued for {address}: it will be sent when you are online.</source>
        <translation>已排队，收件人 {address}：联网后即会发送。</translation>
    </message>
    <message>
        <source>Sent to the printer.</source>
        <translation>已发送到打印机。</translation>
    </message>
</context>
<context>
    <name>Rules</name>
    <message>
        <source>The change is for another incident.</source>
        <extracomment>The refusals&apos; parameters that are marked text, with their context. A refusal reaches the laptop as plain text (``sync.protocol.Explanation``); the laptop marks these again (:func:`domain.messages.terms`) to show them in the technician&apos;s language.</extracomment>
        <translation>此变更属于另一个事件。</translation>
    </message>
    <message>
        <source>Incident {number} was signed off by the client; it can only be closed now.</source>
        <translation>事件 {number} 已由客户签字确认，现在只能关闭。</translation>
    </message>
    <message>
        <source>Incident {number} is “{current}” now, not “{expected}”: the change to “{target}” was not made.</source>
        <translation>事件 {number} 当前为“{current}”，而非“{expected}”：未改为“{target}”。</translation>
    </message>
    <message>
        <source>An incident is signed off by the client&apos;s signature, not by a status change.</source>
        <translation>事件须由客户签字确认，不能通过更改状态完成。</translation>
    </message>
    <message>
        <source>Say whether it is fixed or a workaround is in place.</source>
        <translation>请说明已修复还是已采取临时方案。</translation>
    </message>
    <message>
        <source>Only a resolved incident has an outcome.</source>
        <translation>只有已解决的事件才有处理结果。</translation>
    </message>
    <message>
        <source>A new incident starts as new; its status changes follow.</source>
        <translation>新事件以“新建”状态开始，之后再记录状态变更。</translation>
    </message>
    <message>
        <source>The entry is for another incident.</source>
        <translation>此记录属于另一个事件。</translation>
    </message>
    <message>
        <source>A status change is checked as a status change.</source>
        <translation>状态变更须按状态变更校验。</translation>
    </message>
    <message>
        <source>Dispatch changes the priority and who works on it.</source>
        <translation>优先级和负责人由调度更改。</translation>
    </message>
    <message>
        <source>A time entry cannot end before it starts.</source>
        <translation>工时记录的结束时间不能早于开始时间。</translation>
    </message>
    <message>
        <source>Use at least one part.</source>
        <translation>至少使用一个备件。</translation>
    </message>
    <message>
        <source>The note this file belongs to is not on the record.</source>
        <translation>此文件所属的记录不存在。</translation>
    </message>
    <message>
        <source>Incident {number} is closed: nothing more can be recorded.</source>
        <translation>事件 {number} 已关闭：不能再记录任何内容。</translation>
    </message>
    <message>
        <source>Incident {number} was cancelled; nothing more can be recorded on it.</source>
        <translation>事件 {number} 已取消，不能再记录任何内容。</translation>
    </message>
    <message>
        <source>Incident {number} is signed off already.</source>
        <translation>事件 {number} 已签字确认。</translation>
    </message>
    <message>
        <source>Incident {number} is signed off: its SLA clock has stopped.</source>
        <translation>事件 {number} 已签字确认：其 SLA 计时已停止。</translation>
    </message>
    <message>
        <source>Incident {number} was signed off at its priority; it cannot change now.</source>
        <translation>事件 {number} 已按当前优先级签字确认，不能再更改。</translation>
    </message>
    <message>
        <source>Incident {number} was signed off by the client; what was signed cannot be voided.</source>
        <translation>事件 {number} 已由客户签字确认；已签字的内容不能作废。</translation>
    </message>
    <message>
        <source>There is no such entry to void.</source>
        <translation>没有可作废的此条记录。</translation>
    </message>
    <message>
        <source>The entry to void belongs to another incident.</source>
        <translation>要作废的记录属于另一个事件。</translation>
    </message>
    <message>
        <source>A correction cannot itself be voided.</source>
        <translation>更正记录本身不能作废。</translation>
    </message>
    <message>
        <source>A status change cannot be voided; change the status again.</source>
        <translation>状态变更不能作废；请再次更改状态。</translation>
    </message>
    <message>
        <source>That entry is already voided.</source>
        <translation>该记录已作废。</translation>
    </message>
    <message>
        <source>Incident {number} is “{status}”: the client signs off a resolved incident.</source>
        <translation>事件 {number} 当前为“{status}”：客户只能对已解决的事件签字确认。</translation>
    </message>
    <message>
        <source>The client signed entry {entry}, which was voided on another device before the signature reached the office: sync and have the client sign the record as it is now.</source>
        <translation>客户签字的记录 {entry} 在签字送达办公室之前已在另一台设备上作废：请同步，然后请客户对当前记录重新签字。</translation>
    </message>
    <message>
        <source>The seal&apos;s format {format} is not known here.</source>
        <translation>此处无法识别封印格式 {format}。</translation>
    </message>
    <message>
        <source>The client signed entries the office&apos;s record does not hold: sync, then have the client sign the record as it is now.</source>
        <translation>客户签字的记录在办公室的记录中不存在：请同步，然后请客户对当前记录重新签字。</translation>
    </message>
    <message>
        <source>What the client signed differs from the office&apos;s record of incident {number} (changed meanwhile by the office or another device): sync, then have the client sign the record as it is now.</source>
        <translation>客户签字的内容与办公室的事件 {number} 记录不一致（期间已被办公室或另一台设备更改）：请同步，然后请客户对当前记录重新签字。</translation>
    </message>
    <message>
        <source>The contract does not let the SLA clock stop.</source>
        <translation>该合同不允许暂停 SLA 计时。</translation>
    </message>
    <message>
        <source>Incident {number} is resolved: its clock has already stopped.</source>
        <translation>事件 {number} 已解决：其计时已停止。</translation>
    </message>
    <message>
        <source>Incident {number} is {priority} now, not {expected}.</source>
        <translation>事件 {number} 当前为 {priority}，而非 {expected}。</translation>
    </message>
    <message>
        <source>The priority is the same.</source>
        <translation>优先级未改变。</translation>
    </message>
    <message>
        <source>Say why the priority changes.</source>
        <translation>请说明更改优先级的原因。</translation>
    </message>
    <message>
        <source>Incident {number} was reassigned meanwhile.</source>
        <translation>事件 {number} 期间已被重新分派。</translation>
    </message>
    <message>
        <source>Incident {number} was signed with an older Fieldbook whose seal covers the technician; it stays with them.</source>
        <translation>事件 {number} 由旧版 Fieldbook 签字确认，其封印包含技术员信息；该事件仍由原技术员负责。</translation>
    </message>
</context>
<context>
    <name>SendReportDialog</name>
    <message>
        <source>Send to the client</source>
        <translation>发送给客户</translation>
    </message>
    <message>
        <source>The office e-mails the report of {number} to this address, rendered from its record, when this laptop syncs.</source>
        <translation>本机同步时，办公室会根据其记录生成 {number} 的报告，并通过电子邮件发送到此地址。</translation>
    </message>
    <message>
        <source>Offline? It will be sent when you are online.</source>
        <translation>处于离线状态？联网后即会发送。</translation>
    </message>
    <message>
        <source>&amp;Send</source>
        <translation>发送(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;E-mail address</source>
        <translation>电子邮件地址(&amp;E)</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>Same as the system</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <source>Data folder</source>
        <translation>数据文件夹</translation>
    </message>
    <message>
        <source>Log file</source>
        <translation>日志文件</translation>
    </message>
</context>
<context>
    <name>SignInDialog</name>
    <message>
        <source>Sign in</source>
        <translation>登录</translation>
    </message>
    <message>
        <source>&amp;Server</source>
        <translation>服务器(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;User</source>
        <translation>用户名(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Password</source>
        <translation>密码(&amp;P)</translation>
    </message>
    <message>
        <source>Your password is not kept; the sign-in is kept in the system&apos;s keyring.</source>
        <translation>不会保存您的密码；登录凭据保存在系统钥匙串中。</translation>
    </message>
    <message>
        <source>Sign in to the office</source>
        <translation>登录到公司服务器</translation>
    </message>
    <message>
        <source>Fill in the server, your user name and your password.</source>
        <translation>请填写服务器地址、用户名和密码。</translation>
    </message>
    <message>
        <source>Signing in failed unexpectedly; the details are in the log.</source>
        <translation>登录意外失败，详情见日志。</translation>
    </message>
</context>
<context>
    <name>SignOffDialog</name>
    <message>
        <source>Resolved</source>
        <translation>已解决</translation>
    </message>
    <message>
        <source>Workaround in place</source>
        <translation>已采取临时规避措施</translation>
    </message>
    <message>
        <source>Not resolved</source>
        <translation>未解决</translation>
    </message>
    <message>
        <source>Sign and seal</source>
        <translation>签字并封存</translation>
    </message>
    <message>
        <source>Client refuses or is not available…</source>
        <translation>客户拒绝签字或无人签字…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Signer&apos;s &amp;name</source>
        <translation>签字人姓名(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;Role</source>
        <translation>职务(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Outcome</source>
        <translation>结论(&amp;O)</translation>
    </message>
    <message>
        <source>&amp;Comment</source>
        <translation>备注(&amp;C)</translation>
    </message>
    <message>
        <source>e.g. 张伟</source>
        <translation>例如：张伟</translation>
    </message>
    <message>
        <source>e.g. IT operations manager</source>
        <translation>例如：信息科运维主管</translation>
    </message>
    <message>
        <source>Client sign-off — {number}</source>
        <translation>客户签字确认 — {number}</translation>
    </message>
</context>
<context>
    <name>Signature</name>
    <message>
        <source>The signature is empty: ask the client to sign.</source>
        <extracomment>Stored coordinates per logical pixel. Strokes with more points than this, or more strokes than this, are not a signature.</extracomment>
        <translation>签名为空：请客户签名。</translation>
    </message>
    <message>
        <source>The signature is too large; clear it and sign again.</source>
        <translation>签名过大；请清除后重新签名。</translation>
    </message>
    <message>
        <source>The signature is too short to be a signature: ask the client to sign in full.</source>
        <translation>签名过短，不足以作为签名：请客户完整签名。</translation>
    </message>
</context>
<context>
    <name>SignaturePad</name>
    <message>
        <source>Undo stroke</source>
        <translation>撤销一笔</translation>
    </message>
    <message>
        <source>Take back the last stroke</source>
        <translation>撤销最后一笔</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>清除</translation>
    </message>
    <message>
        <source>Start the signature again</source>
        <translation>重新签名</translation>
    </message>
    <message>
        <source>Sign above the line</source>
        <translation>请在线上方签名</translation>
    </message>
    <message>
        <source>Signature</source>
        <translation>签名</translation>
    </message>
</context>
<context>
    <name>SingleWindow</name>
    <message>
        <source>Fieldbook is already open on this data folder ({path}) but does not answer. Close it (or end it), then start Fieldbook again.</source>
        <extracomment>What the attached window needs and the frame does not: imported on the reader thread while the frame paints (:func:`launch`), so that attaching costs the GUI thread little.</extracomment>
        <translation>Fieldbook 已在此数据文件夹（{path}）上运行，但没有响应。请关闭（或结束）它，然后重新启动 Fieldbook。</translation>
    </message>
</context>
<context>
    <name>SlaNotices</name>
    <message>
        <source>New incident assigned</source>
        <translation>新分派的事件</translation>
    </message>
    <message numerus="yes">
        <source>%n SLA clock(s) need attention</source>
        <translation>
            <numerusform>%n 个 SLA 计时需要关注</numerusform>
        </translation>
    </message>
    <message>
        <source>Most urgent: {alert}</source>
        <translation>最紧急：{alert}</translation>
    </message>
    <message>
        <source>SLA breached</source>
        <translation>SLA 已超时</translation>
    </message>
    <message>
        <source>{number} ({priority}): {clock} target of {target} missed {ago} ago</source>
        <translation>{number}（{priority}）：{clock}目标 {target} 已超时 {ago}</translation>
    </message>
    <message>
        <source>SLA about to breach</source>
        <translation>SLA 即将超时</translation>
    </message>
    <message>
        <source>{number} ({priority}): {clock} due in {left}, at {time}</source>
        <translation>{number}（{priority}）：{clock}剩余 {left}，截止 {time}</translation>
    </message>
    <message>
        <source>Open this incident</source>
        <translation>打开此事件</translation>
    </message>
</context>
<context>
    <name>Statement</name>
    <message>
        <source>SLA statement</source>
        <translation>SLA 服务水平报表</translation>
    </message>
    <message>
        <source>{client} · contract {contract} · {period}</source>
        <translation>{client} · 合同 {contract} · {period}</translation>
    </message>
    <message>
        <source>Figures as of {when}; times are {zone}. Open clocks are read at that moment.</source>
        <translation>数据截至 {when}；时间均为 {zone}。未停止的时钟按该时刻计算。</translation>
    </message>
    <message>
        <source>Each clock runs from the client&apos;s first notice and is judged against the target of the incident&apos;s latest priority; waiting for the client pauses the resolution clock where the contract allows. Cancelled incidents and incidents on systems outside Annex 1 are listed but not counted. Every line carries its report&apos;s seal, so it can be checked against the signed report.</source>
        <translation>各时钟自客户首次通知起计时，按事件最新优先级的目标考核；合同允许时，等待客户期间暂停解决时钟。已取消的事件及附件一以外系统的事件列出但不计入统计。每行均印有对应服务报告的封印，可与已签字的报告核对。</translation>
    </message>
    <message>
        <source>Service level by priority</source>
        <translation>按优先级的服务水平</translation>
    </message>
    <message>
        <source>Incidents</source>
        <comment>how many</comment>
        <translation>事件数</translation>
    </message>
    <message>
        <source>Met</source>
        <translation>达成</translation>
    </message>
    <message>
        <source>Missed</source>
        <translation>未达成</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>进行中</translation>
    </message>
    <message>
        <source>Share met</source>
        <translation>达成率</translation>
    </message>
    <message>
        <source>Median</source>
        <translation>中位数</translation>
    </message>
    <message>
        <source>Worst</source>
        <translation>最长</translation>
    </message>
    <message>
        <source>Resolution</source>
        <translation>解决</translation>
    </message>
    <message>
        <source>not set</source>
        <translation>未设定</translation>
    </message>
    <message>
        <source>Incidents</source>
        <comment>section</comment>
        <translation>事件明细</translation>
    </message>
    <message>
        <source>Incident</source>
        <translation>事件编号</translation>
    </message>
    <message>
        <source>First notice</source>
        <translation>首次通知</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>渠道</translation>
    </message>
    <message>
        <source>Responded</source>
        <translation>响应时间</translation>
    </message>
    <message>
        <source>Seal {seal}</source>
        <translation>封印 {seal}</translation>
    </message>
    <message>
        <source>Report seal</source>
        <translation>报告封印</translation>
    </message>
    <message>
        <source>fixed</source>
        <translation>已修复</translation>
    </message>
    <message>
        <source>workaround in place</source>
        <translation>已采取临时解决方案</translation>
    </message>
    <message>
        <source>(did not match the record when it arrived)</source>
        <translation>（到达时与记录不符）</translation>
    </message>
    <message>
        <source>Not signed off</source>
        <translation>客户未签字确认</translation>
    </message>
    <message>
        <source>reopened {n}×</source>
        <translation>重新处理 {n} 次</translation>
    </message>
    <message>
        <source>priority {steps}</source>
        <translation>优先级 {steps}</translation>
    </message>
    <message>
        <source>lowered after a breach</source>
        <translation>超时后降级</translation>
    </message>
    <message>
        <source>cancelled: {reason}</source>
        <translation>已取消：{reason}</translation>
    </message>
    <message>
        <source>outside Annex 1: billable</source>
        <translation>附件一以外：另行收费</translation>
    </message>
    <message>
        <source>paused {time}: {reasons}</source>
        <translation>暂停 {time}：{reasons}</translation>
    </message>
    <message>
        <source>met</source>
        <translation>达成</translation>
    </message>
    <message>
        <source>missed</source>
        <translation>未达成</translation>
    </message>
    <message>
        <source>running</source>
        <translation>计时中</translation>
    </message>
    <message>
        <source>paused</source>
        <translation>已暂停</translation>
    </message>
    <message>
        <source>no target</source>
        <translation>无目标</translation>
    </message>
    <message>
        <source>Breaches and what the record says</source>
        <translation>超时事件及记录经过</translation>
    </message>
    <message>
        <source>{number} · {priority} · {clock}: {actual} against {target} ({over} over)</source>
        <translation>{number} · {priority} · {clock}：用时 {actual}，目标 {target}（超出 {over}）</translation>
    </message>
    <message>
        <source>still running</source>
        <translation>仍在计时</translation>
    </message>
    <message>
        <source>First notice by {channel}</source>
        <translation>客户首次通知（{channel}）</translation>
    </message>
    <message>
        <source>{status}</source>
        <translation>{status}</translation>
    </message>
    <message>
        <source>Clock paused: {reason}</source>
        <translation>时钟暂停：{reason}</translation>
    </message>
    <message>
        <source>Clock resumed</source>
        <translation>时钟恢复</translation>
    </message>
    <message>
        <source>Priority {detail}</source>
        <translation>优先级 {detail}</translation>
    </message>
    <message>
        <source>Reopened (back on site): {detail}</source>
        <translation>重新处理（返回现场）：{detail}</translation>
    </message>
    <message>
        <source>Signed off by the client</source>
        <translation>客户签字确认</translation>
    </message>
    <message>
        <source>Cancelled (not counted)</source>
        <translation>已取消（不计入）</translation>
    </message>
    <message>
        <source>Work outside the agreement (billable separately)</source>
        <translation>协议范围外的工作（另行收费）</translation>
    </message>
    <message>
        <source>Emergency on {system}, outside Annex 1</source>
        <translation>{system} 的紧急事件，不在附件一范围内</translation>
    </message>
    <message>
        <source>What</source>
        <translation>内容</translation>
    </message>
    <message>
        <source>When</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Time logged</source>
        <translation>记录工时</translation>
    </message>
    <message>
        <source>logged per visit</source>
        <translation>按上门记录</translation>
    </message>
    <message>
        <source>Part</source>
        <translation>备件</translation>
    </message>
    <message>
        <source>Temporary parts still installed at the client</source>
        <translation>仍安装在客户处的临时备件</translation>
    </message>
    <message>
        <source>Installed (serial)</source>
        <translation>安装件（序列号）</translation>
    </message>
    <message>
        <source>Replaced (serial)</source>
        <translation>替换下的部件（序列号）</translation>
    </message>
    <message>
        <source>Since</source>
        <translation>安装时间</translation>
    </message>
    <message>
        <source>{m} min</source>
        <translation>{m} 分</translation>
    </message>
    <message>
        <source>portal</source>
        <translation>门户</translation>
    </message>
    <message>
        <source>walk-up</source>
        <translation>现场报告</translation>
    </message>
    <message>
        <source>on site</source>
        <translation>现场处理</translation>
    </message>
    <message>
        <source>Routine upgrade</source>
        <translation>例行升级</translation>
    </message>
    <message>
        <source>Service stop/start</source>
        <translation>服务停止/启动</translation>
    </message>
    <message>
        <source>Workaround</source>
        <translation>临时解决方案</translation>
    </message>
</context>
<context>
    <name>Status</name>
    <message>
        <source>new</source>
        <translation>新建</translation>
    </message>
    <message>
        <source>responded</source>
        <translation>已响应</translation>
    </message>
    <message>
        <source>travelling</source>
        <translation>在途</translation>
    </message>
    <message>
        <source>on site</source>
        <translation>在现场</translation>
    </message>
    <message>
        <source>waiting for client</source>
        <translation>等待客户</translation>
    </message>
    <message>
        <source>resolved</source>
        <translation>已解决</translation>
    </message>
    <message>
        <source>signed off</source>
        <translation>已签字确认</translation>
    </message>
    <message>
        <source>closed</source>
        <translation>已关闭</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>An incident cannot go from “{current}” to “{target}”.</source>
        <extracomment>States in which work is still going on (cancelling is allowed from each of them). States in which what was recorded is sealed by the client&apos;s sign-off.</extracomment>
        <translation>事件不能从“{current}”变为“{target}”。</translation>
    </message>
</context>
<context>
    <name>Steps</name>
    <message>
        <source>Responded</source>
        <translation>已响应</translation>
    </message>
    <message>
        <source>Start travel</source>
        <translation>出发</translation>
    </message>
    <message>
        <source>On site</source>
        <translation>已在现场</translation>
    </message>
    <message>
        <source>Arrived</source>
        <translation>到达现场</translation>
    </message>
    <message>
        <source>Waiting for client…</source>
        <translation>等待客户…</translation>
    </message>
    <message>
        <source>Client is back</source>
        <translation>客户已回来</translation>
    </message>
    <message>
        <source>Resolved…</source>
        <translation>已解决…</translation>
    </message>
    <message>
        <source>Reopen: fix did not hold</source>
        <translation>重新打开：故障复发</translation>
    </message>
    <message>
        <source>Close incident</source>
        <translation>关闭事件</translation>
    </message>
    <message>
        <source>Cancel incident…</source>
        <translation>取消事件…</translation>
    </message>
</context>
<context>
    <name>StockPage</name>
    <message>
        <source>Part</source>
        <translation>备件</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>描述</translation>
    </message>
    <message>
        <source>On hand</source>
        <translation>现有</translation>
    </message>
    <message>
        <source>Used, not synced</source>
        <translation>已用未同步</translation>
    </message>
    <message>
        <source>Available</source>
        <translation>可用</translation>
    </message>
    <message>
        <source>Incident</source>
        <translation>事件</translation>
    </message>
    <message>
        <source>Client</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>System</source>
        <translation>系统</translation>
    </message>
    <message>
        <source>Temporary part in place</source>
        <translation>临时装上的部件</translation>
    </message>
    <message>
        <source>Original part (removed)</source>
        <translation>原部件（已拆下）</translation>
    </message>
    <message>
        <source>Since</source>
        <translation>更换时间</translation>
    </message>
    <message>
        <source>Van stock</source>
        <translation>随车备件库存</translation>
    </message>
    <message>
        <source>Temporary replacements still in place at clients</source>
        <translation>仍在客户处使用的临时更换部件</translation>
    </message>
</context>
<context>
    <name>StoreError</name>
    <message>
        <source>Cannot use the data folder {path}: {reason}</source>
        <extracomment>import alone costs a third of a second at every start); tests check it is the head. The meta key of the laptop clock&apos;s offset from the service&apos;s, in microseconds.</extracomment>
        <translation>无法使用数据文件夹 {path}：{reason}</translation>
    </message>
    <message>
        <source>The data folder {path} was written by a newer Fieldbook (schema {revision}). Update Fieldbook to open it; nothing was changed.</source>
        <translation>数据文件夹 {path} 由较新版本的 Fieldbook 写入（数据结构版本 {revision}）。请升级 Fieldbook 后再打开；未做任何更改。</translation>
    </message>
    <message>
        <source>The data folder {path} is busy: another Fieldbook is writing to it. Try again.</source>
        <translation>数据文件夹 {path} 正忙：另一个 Fieldbook 正在写入。请重试。</translation>
    </message>
    <message>
        <source>The data folder {path} cannot be written to (read-only).</source>
        <translation>无法写入数据文件夹 {path}（只读）。</translation>
    </message>
    <message>
        <source>The disk holding {path} reported a read or write error.</source>
        <translation>{path} 所在的磁盘报告了读写错误。</translation>
    </message>
    <message>
        <source>The database in {path} is damaged. Your backups are in its &apos;backups&apos; folder.</source>
        <translation>{path} 中的数据库已损坏。备份位于其中的“backups”文件夹。</translation>
    </message>
    <message>
        <source>The disk holding {path} is full. Free some space and try again.</source>
        <translation>{path} 所在的磁盘已满。请释放一些空间后重试。</translation>
    </message>
    <message>
        <source>The database in {path} cannot be opened.</source>
        <translation>无法打开 {path} 中的数据库。</translation>
    </message>
    <message>
        <source>The file {path} is not a Fieldbook database (or it is encrypted).</source>
        <translation>文件 {path} 不是 Fieldbook 数据库（或已加密）。</translation>
    </message>
    <message>
        <source>The key description {path} is damaged ({reason}).</source>
        <extracomment>scrypt&apos;s cost: 64 MiB and about a quarter of a second, once per start. Asks the technician for the passphrase: ``new`` (True: set one, ask twice), the data folder; returns it, or None when they cancel.</extracomment>
        <translation>密钥说明文件 {path} 已损坏（{reason}）。</translation>
    </message>
    <message>
        <source>The data folder {path} needs a passphrase: no keyring works here to keep its key. Type it when asked (at a terminal or in the window), or set FIELDBOOK_PASSPHRASE.</source>
        <translation>数据文件夹 {path} 需要口令：本机没有可用的钥匙环来保存它的密钥。请在提示时输入（终端或窗口中），或设置 FIELDBOOK_PASSPHRASE。</translation>
    </message>
    <message>
        <source>A passphrase needs at least {minimum} characters.</source>
        <translation>口令至少需要 {minimum} 个字符。</translation>
    </message>
    <message>
        <source>The key of the data folder {path} is not in this computer&apos;s keyring (another user, or the keyring was reset). The data cannot be read without it; nothing was changed.</source>
        <translation>数据文件夹 {path} 的密钥不在这台电脑的钥匙环中（换了用户，或钥匙环被重置）。没有密钥无法读取数据；未做任何更改。</translation>
    </message>
    <message>
        <source>The database in {path} is not a Fieldbook database, or it is encrypted and its key description fieldbook.key.json is missing (put it back to open the folder). Nothing was changed.</source>
        <translation>{path} 中的数据库不是 Fieldbook 数据库，或者它已加密但缺少密钥说明文件 fieldbook.key.json（放回该文件即可打开）。未做任何更改。</translation>
    </message>
    <message>
        <source>This passphrase (or key) does not open the data folder {path}. Nothing was changed; try again.</source>
        <translation>此口令（或密钥）无法打开数据文件夹 {path}。未做任何更改，请重试。</translation>
    </message>
</context>
<context>
    <name>SummaryView</name>
    <message>
        <source>What was done</source>
        <translation>已完成的工作</translation>
    </message>
    <message>
        <source>No action recorded.</source>
        <translation>未记录处理操作。</translation>
    </message>
    <message>
        <source>out of scope, billable separately</source>
        <translation>超出合同范围，另行计费</translation>
    </message>
    <message>
        <source>Hardware replaced</source>
        <translation>更换的硬件</translation>
    </message>
    <message>
        <source>Spare parts used</source>
        <translation>使用的备件</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>工时</translation>
    </message>
    <message>
        <source>Service level</source>
        <translation>服务级别</translation>
    </message>
    <message>
        <source>temporary</source>
        <translation>临时</translation>
    </message>
    <message>
        <source>permanent</source>
        <translation>永久</translation>
    </message>
    <message>
        <source>Response</source>
        <translation>响应</translation>
    </message>
    <message>
        <source>Resolution</source>
        <translation>解决</translation>
    </message>
    <message>
        <source>no target in the contract</source>
        <translation>合同未规定目标</translation>
    </message>
    <message>
        <source>target {target}, {state}</source>
        <translation>目标 {target}，{state}</translation>
    </message>
</context>
<context>
    <name>SwapForm</name>
    <message>
        <source>Part &amp;removed</source>
        <extracomment>The serial fields&apos; names as the use case says them (marked in desktop.usecases.work).</extracomment>
        <translation>拆下的部件(&amp;R)</translation>
    </message>
    <message>
        <source>Removed &amp;serial</source>
        <translation>拆下部件序列号(&amp;S)</translation>
    </message>
    <message>
        <source>Part &amp;installed</source>
        <translation>装上的部件(&amp;I)</translation>
    </message>
    <message>
        <source>Installed s&amp;erial</source>
        <translation>装上部件序列号(&amp;E)</translation>
    </message>
    <message>
        <source>Replacement</source>
        <translation>更换方式</translation>
    </message>
    <message>
        <source>&amp;Note</source>
        <translation>备注(&amp;N)</translation>
    </message>
    <message>
        <source>From the &amp;van</source>
        <translation>取自随车备件(&amp;V)</translation>
    </message>
    <message>
        <source>Type to find it in the catalogue</source>
        <translation>输入以在备件目录中查找</translation>
    </message>
    <message>
        <source>Type or scan</source>
        <translation>输入或扫描</translation>
    </message>
    <message>
        <source>Serial numbers: {low} to {high} characters, letters A–Z, digits 0–9 and - . / _ : only. A scanner&apos;s Enter or Tab moves to the next field.</source>
        <translation>序列号：{low} 至 {high} 个字符，仅限字母 A–Z、数字 0–9 及 - . / _ :。扫码枪的回车或 Tab 会跳到下一栏。</translation>
    </message>
    <message>
        <source>&amp;Permanent</source>
        <translation>永久(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Temporary (from spares, to be replaced)</source>
        <translation>临时（使用备件，之后需再更换）(&amp;T)</translation>
    </message>
    <message>
        <source>Record swap  (Ctrl+Enter)</source>
        <translation>记录硬件更换  (Ctrl+Enter)</translation>
    </message>
    <message>
        <source>No: a part of my own, or the client&apos;s</source>
        <translation>否：自带或客户提供的部件</translation>
    </message>
    <message>
        <source>{part} — {description} ({n} in the van)</source>
        <translation>{part} — {description}（车上 {n} 件）</translation>
    </message>
</context>
<context>
    <name>SyncController</name>
    <message>
        <source>Sync failed unexpectedly; the details are in the log.</source>
        <translation>同步意外失败，详情见日志。</translation>
    </message>
    <message numerus="yes">
        <source>Not signed in · %n change(s) kept here</source>
        <translation>
            <numerusform>未登录 · %n 项变更保存在本机</numerusform>
        </translation>
    </message>
    <message>
        <source>Syncing…</source>
        <translation>正在同步…</translation>
    </message>
    <message>
        <source>Offline: your work is kept and syncs when the network is back</source>
        <translation>离线：您的工作已保存，网络恢复后自动同步</translation>
    </message>
    <message>
        <source>Synced at {time}</source>
        <translation>已于 {time} 同步</translation>
    </message>
    <message numerus="yes">
        <source>%n change(s) waiting</source>
        <translation>
            <numerusform>%n 项变更待发送</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n refused</source>
        <translation>
            <numerusform>%n 项被拒收</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n from the office set aside</source>
        <translation>
            <numerusform>%n 条来自办公室的记录已搁置</numerusform>
        </translation>
    </message>
    <message>
        <source>Not synced yet</source>
        <translation>尚未同步</translation>
    </message>
    <message>
        <source>sending</source>
        <translation>发送中</translation>
    </message>
    <message>
        <source>uploading files</source>
        <translation>上传文件中</translation>
    </message>
    <message>
        <source>receiving</source>
        <translation>接收中</translation>
    </message>
</context>
<context>
    <name>SyncStatusWidget</name>
    <message>
        <source>Show refused changes</source>
        <translation>查看被拒收的变更</translation>
    </message>
    <message>
        <source>Sync now (F9)</source>
        <translation>立即同步 (F9)</translation>
    </message>
</context>
<context>
    <name>SystemCategory</name>
    <message>
        <source>server</source>
        <translation>服务器</translation>
    </message>
    <message>
        <source>network</source>
        <translation>网络</translation>
    </message>
    <message>
        <source>storage</source>
        <translation>存储</translation>
    </message>
    <message>
        <source>operating system</source>
        <translation>操作系统</translation>
    </message>
    <message>
        <source>database</source>
        <translation>数据库</translation>
    </message>
    <message>
        <source>middleware</source>
        <translation>中间件</translation>
    </message>
    <message>
        <source>application</source>
        <translation>应用</translation>
    </message>
</context>
<context>
    <name>TemplateNameDialog</name>
    <message>
        <source>Save as template</source>
        <translation>存为模板</translation>
    </message>
    <message>
        <source>&amp;Name</source>
        <translation>名称(&amp;N)</translation>
    </message>
    <message>
        <source>e.g. Restart the TNS listener</source>
        <translation>例如：重启 TNS 监听</translation>
    </message>
    <message>
        <source>Saving under a name that exists replaces that template. Templates stay on this laptop.</source>
        <translation>使用已有名称保存将替换该模板。模板只保存在本机。</translation>
    </message>
</context>
<context>
    <name>TimeForm</name>
    <message>
        <source>&amp;Kind</source>
        <translation>类型(&amp;K)</translation>
    </message>
    <message>
        <source>&amp;From</source>
        <translation>开始(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Until</source>
        <translation>结束(&amp;U)</translation>
    </message>
    <message>
        <source>Start travel, Arrived and the other status buttons log time by themselves; use this only for time they did not see.</source>
        <translation>“出发”“到达现场”等状态按钮会自动记录工时；此处仅用于补录它们未记录到的时间。</translation>
    </message>
    <message>
        <source>Log time  (Ctrl+Enter)</source>
        <translation>记录工时  (Ctrl+Enter)</translation>
    </message>
</context>
<context>
    <name>Timeline</name>
    <message>
        <source>Restart</source>
        <translation>重启</translation>
    </message>
    <message>
        <source>Service stop/start</source>
        <translation>服务停止/启动</translation>
    </message>
    <message>
        <source>Configuration change</source>
        <translation>配置变更</translation>
    </message>
    <message>
        <source>Patch</source>
        <translation>打补丁</translation>
    </message>
    <message>
        <source>Temporary hardware from spares</source>
        <translation>用备件临时替换硬件</translation>
    </message>
    <message>
        <source>Workaround</source>
        <translation>临时规避措施</translation>
    </message>
    <message>
        <source>Test or measurement</source>
        <translation>测试或测量</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>其他</translation>
    </message>
    <message>
        <source>Planned change</source>
        <translation>计划内变更</translation>
    </message>
    <message>
        <source>Optimisation</source>
        <translation>优化</translation>
    </message>
    <message>
        <source>Preventive work</source>
        <translation>预防性维护</translation>
    </message>
    <message>
        <source>Routine upgrade</source>
        <translation>例行升级</translation>
    </message>
    <message>
        <source>worked</source>
        <translation>有效</translation>
    </message>
    <message>
        <source>partly worked</source>
        <translation>部分有效</translation>
    </message>
    <message>
        <source>did not work</source>
        <translation>无效</translation>
    </message>
    <message>
        <source>fixed</source>
        <translation>已修复</translation>
    </message>
    <message>
        <source>workaround in place</source>
        <translation>已采取临时规避措施</translation>
    </message>
    <message>
        <source>Travel</source>
        <translation>在途</translation>
    </message>
    <message>
        <source>On site</source>
        <translation>在现场</translation>
    </message>
    <message>
        <source>Waiting for the client</source>
        <translation>等待客户</translation>
    </message>
    <message>
        <source>Diagnosis</source>
        <translation>诊断记录</translation>
    </message>
    <message>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>处理操作</translation>
    </message>
    <message>
        <source>Hardware swap</source>
        <translation>硬件更换</translation>
    </message>
    <message>
        <source>Spare part</source>
        <translation>备件</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>工时</translation>
    </message>
    <message>
        <source>SLA clock</source>
        <translation>SLA 计时</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Correction</source>
        <translation>更正</translation>
    </message>
    <message>
        <source>Client sign-off</source>
        <translation>客户签字确认</translation>
    </message>
    <message>
        <source>resolved</source>
        <translation>已解决</translation>
    </message>
    <message>
        <source>not resolved</source>
        <translation>未解决</translation>
    </message>
    <message>
        <source>Show less</source>
        <translation>收起</translation>
    </message>
    <message>
        <source>… {lines} ({chars} characters) not shown …</source>
        <translation>…… 未显示 {lines}（{chars} 个字符）……</translation>
    </message>
    <message>
        <source>Show all</source>
        <translation>显示全部</translation>
    </message>
    <message numerus="yes">
        <source>%n line(s)</source>
        <translation>
            <numerusform>%n 行</numerusform>
        </translation>
    </message>
    <message>
        <source>Result</source>
        <extracomment>Pictures larger than this are listed, not shown inline (they go into the page whole).</extracomment>
        <translation>结果</translation>
    </message>
    <message>
        <source>Out of scope: billable separately</source>
        <translation>超出合同范围：另行计费</translation>
    </message>
    <message>
        <source>temporary</source>
        <translation>临时</translation>
    </message>
    <message>
        <source>permanent</source>
        <translation>永久</translation>
    </message>
    <message>
        <source>Removed</source>
        <translation>拆下</translation>
    </message>
    <message>
        <source>Installed</source>
        <translation>装上</translation>
    </message>
    <message>
        <source>Used {n} × {part} from the van</source>
        <translation>使用随车备件 {part} × {n}</translation>
    </message>
    <message>
        <source>Clock paused: {reason}</source>
        <translation>计时已暂停：{reason}</translation>
    </message>
    <message>
        <source>Clock running again</source>
        <translation>计时已恢复</translation>
    </message>
    <message>
        <source>Seal</source>
        <translation>封存哈希</translation>
    </message>
    <message>
        <source>Signed by {name} ({role}): {outcome}</source>
        <translation>{name}（{role}）签字确认：{outcome}</translation>
    </message>
    <message>
        <source>The client refused to sign: {reason}</source>
        <translation>客户拒绝签字：{reason}</translation>
    </message>
    <message>
        <source>Nobody was available to sign: {reason}</source>
        <translation>无人可以签字：{reason}</translation>
    </message>
    <message>
        <source>Voided an earlier entry: {reason}</source>
        <translation>已作废之前的一条记录：{reason}</translation>
    </message>
    <message>
        <source>Report e-mailed to {address} at {time}</source>
        <translation>报告已于 {time} 通过电子邮件发送至 {address}</translation>
    </message>
    <message>
        <source>Report to {address}: will be sent when you are online</source>
        <translation>发往 {address} 的报告：联网后即会发送</translation>
    </message>
    <message>
        <source>Report to {address}: the office refused it: {reason}</source>
        <translation>发往 {address} 的报告：办公室拒绝了该请求：{reason}</translation>
    </message>
    <message>
        <source>Report to {address}: the office is e-mailing it</source>
        <translation>发往 {address} 的报告：办公室正在通过电子邮件发送</translation>
    </message>
    <message>
        <source>not sent yet ({attempts} tries): {reason}</source>
        <translation>尚未发出（已尝试 {attempts} 次）：{reason}</translation>
    </message>
    <message>
        <source>Addendum</source>
        <translation>补充记录</translation>
    </message>
    <message>
        <source>Voided: {reason}</source>
        <translation>已作废：{reason}</translation>
    </message>
    <message>
        <source>Void…</source>
        <translation>作废…</translation>
    </message>
    <message>
        <source>Report e-mail</source>
        <translation>报告邮件</translation>
    </message>
    <message>
        <source>Nothing recorded yet.</source>
        <translation>尚无记录。</translation>
    </message>
</context>
<context>
    <name>UseCaseError</name>
    <message>
        <source>You are offline — your work is kept and will sync when the network is back.</source>
        <translation>您处于离线状态——您的工作已保存，网络恢复后将自动同步。</translation>
    </message>
    <message>
        <source>Your session has expired: sign in again; nothing is lost.</source>
        <translation>您的登录已过期：请重新登录；没有任何数据丢失。</translation>
    </message>
    <message>
        <source>You were signed out by the office: sign in again; nothing is lost. If you cannot, ask the office.</source>
        <translation>您已被办公室注销登录：请重新登录，所有工作都已保留。如果无法登录，请联系办公室。</translation>
    </message>
    <message>
        <source>The office marked this computer lost: Fieldbook erased its data here ({folder}) and signed out. If this is a mistake, call the office; what was synced is safe there.</source>
        <translation>办公室已将此电脑标记为丢失：Fieldbook 已清除此处的数据（{folder}）并注销登录。如有误，请致电办公室；已同步的内容在办公室完好保存。</translation>
    </message>
    <message>
        <source>Too many failed sign-ins: wait {seconds} seconds, then try again.</source>
        <translation>登录失败次数过多：请等待 {seconds} 秒后再试。</translation>
    </message>
    <message>
        <source>Too many failed sign-ins: wait {minutes} minutes, then try again.</source>
        <translation>登录失败次数过多：请等待 {minutes} 分钟后再试。</translation>
    </message>
    <message>
        <source>You are not signed in: sign in to sync; nothing is lost.</source>
        <translation>您尚未登录：请登录后同步；没有任何数据丢失。</translation>
    </message>
    <message>
        <source>The user name or the password is wrong.</source>
        <translation>用户名或密码错误。</translation>
    </message>
    <message>
        <source>{username} is not a technician: only technicians sync a laptop.</source>
        <translation>{username} 不是技术员：只有技术员可以同步笔记本。</translation>
    </message>
    <message>
        <source>This Fieldbook is too old for the office&apos;s server: please update. Your work is kept and syncs after the update.</source>
        <translation>此版本的 Fieldbook 对办公室服务器来说太旧：请更新。您的工作已保存，更新后将同步。</translation>
    </message>
    <message>
        <source>The office&apos;s server is older than this Fieldbook: ask the office to update it. Your work is kept.</source>
        <translation>办公室服务器的版本比此 Fieldbook 旧：请联系办公室更新服务器。您的工作已保存。</translation>
    </message>
    <message>
        <source>The office answered strangely (a hotel or guest network asking to sign in, or a proxy in the way?): your work is kept; try again on another network.</source>
        <translation>办公室的应答异常（可能是要求登录的酒店或访客网络，或中间有代理？）：您的工作已保存；请换一个网络再试。</translation>
    </message>
    <message>
        <source>The office&apos;s server has a problem: try again later. Your work is kept.</source>
        <translation>办公室服务器出现问题：请稍后重试。您的工作已保存。</translation>
    </message>
    <message>
        <source>The office&apos;s server could not read what Fieldbook sent (a bug, written to the log). Your work is kept.</source>
        <translation>办公室服务器无法读取 Fieldbook 发送的内容（程序错误，已写入日志）。您的工作已保存。</translation>
    </message>
    <message>
        <source>No password store (keyring) works on this computer, so Fieldbook cannot keep your sign-in safely: start or unlock one (GNOME Keyring, KWallet, the Windows Credential Manager, the macOS Keychain) and sign in again. ({detail})</source>
        <translation>此电脑上没有可用的密码库（钥匙环），Fieldbook 无法安全保存您的登录：请启动或解锁一个（GNOME Keyring、KWallet、Windows 凭据管理器、macOS 钥匙串）后重新登录。（{detail}）</translation>
    </message>
    <message>
        <source>{pending} change(s) are not synced yet: sync first, or sign out anyway (they are kept and sync after the next sign-in).</source>
        <translation>有 {pending} 项更改尚未同步：请先同步，或仍然退出登录（更改会保留，并在下次登录后同步）。</translation>
    </message>
    <message>
        <source>Change {seq} is not a change the office refused.</source>
        <translation>更改 {seq} 不是被办公室拒绝的更改。</translation>
    </message>
    <message>
        <source>The office&apos;s record moved on first: check the incident and record it again if it still applies, then discard this.</source>
        <extracomment>For a window: give up on an unreachable office quickly, the next try comes anyway (the command line&apos;s default waits minutes before it says &quot;offline&quot;). Set in a data folder the demo office filled (desktop.demo): the first sign-in to a real office clears it.</extracomment>
        <translation>办公室的记录已先行变更：请检查该事件，如仍适用请重新记录，然后放弃此更改。</translation>
    </message>
    <message>
        <source>That status change is not allowed: discard it and record the right one.</source>
        <translation>不允许此状态变更：请放弃它并记录正确的状态。</translation>
    </message>
    <message>
        <source>This incident is not (or no longer) assigned to you: tell dispatch, then discard this.</source>
        <translation>此事件未（或不再）分配给您：请告知调度，然后放弃此更改。</translation>
    </message>
    <message>
        <source>The client signed off: what was signed cannot change. Record an addendum, then discard this.</source>
        <translation>客户已签字确认：已签署的内容不能更改。请记录补充说明，然后放弃此更改。</translation>
    </message>
    <message>
        <source>The office does not have the record this refers to yet: retry after the next sync, or discard it.</source>
        <translation>办公室尚无此更改所涉及的记录：请在下次同步后重试，或放弃它。</translation>
    </message>
    <message>
        <source>The office holds a different record under this id or number: discard it.</source>
        <translation>办公室已有使用此标识或编号的另一条记录：请放弃此更改。</translation>
    </message>
    <message>
        <source>The office could not take this change: update Fieldbook and retry it, or discard it.</source>
        <translation>办公室无法接受此更改：请更新 Fieldbook 后重试，或放弃它。</translation>
    </message>
    <message>
        <source>The office&apos;s record and this laptop&apos;s differ here (usually a change of this incident the office refused). Deal with its refused changes: discarding one downloads the office&apos;s record again. This record is tried again at every sync.</source>
        <translation>办公室的记录与本机在此处不一致（通常是办公室拒绝了此事件的某项变更）。请处理其被拒绝的变更：放弃其中一项会重新下载办公室的记录。每次同步时都会重试此记录。</translation>
    </message>
    <message>
        <source>The data folder is not empty ({incidents} incidents, {clients} clients).</source>
        <translation>数据文件夹不是空的（{incidents} 个事件，{clients} 个客户）。</translation>
    </message>
    <message>
        <source>The number of demo incidents must be a whole number.</source>
        <translation>演示事件数必须是整数。</translation>
    </message>
    <message>
        <source>The number of demo incidents must be between 1 and {limit}.</source>
        <translation>演示事件数必须在 1 到 {limit} 之间。</translation>
    </message>
    <message>
        <source>The reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>The clock of {number} is already paused.</source>
        <translation>事件 {number} 的计时已处于暂停状态。</translation>
    </message>
    <message>
        <source>The clock of {number} is not paused.</source>
        <translation>事件 {number} 的计时未暂停。</translation>
    </message>
    <message>
        <source>The time {value} has no time zone.</source>
        <translation>时间 {value} 缺少时区。</translation>
    </message>
    <message>
        <source>{label} must be text.</source>
        <translation>{label}必须是文本。</translation>
    </message>
    <message>
        <source>The incident</source>
        <translation>事件</translation>
    </message>
    <message>
        <source>incident</source>
        <translation>事件</translation>
    </message>
    <message>
        <source>{label}: “{value}” is not one of {allowed}.</source>
        <translation>{label}：“{value}”不是有效值（可选：{allowed}）。</translation>
    </message>
    <message>
        <source>{label} cannot be empty.</source>
        <translation>{label}不能为空。</translation>
    </message>
    <message>
        <source>{label} is too long: {length} characters, at most {limit} allowed.</source>
        <translation>{label}过长：共 {length} 个字符，最多允许 {limit} 个。</translation>
    </message>
    <message>
        <source>No {what} “{ref}” in this data folder.</source>
        <translation>此数据文件夹中没有{what}“{ref}”。</translation>
    </message>
    <message>
        <source>Incident {number} was signed off by the client; what was signed cannot change.</source>
        <translation>事件 {number} 已由客户签字确认，已签字确认的内容不能更改。</translation>
    </message>
    <message>
        <source>Only {available} of {part} left in the van; cannot use {requested}.</source>
        <translation>车上 {part} 仅剩 {available} 件，无法使用 {requested} 件。</translation>
    </message>
    <message>
        <source>The title</source>
        <translation>标题</translation>
    </message>
    <message>
        <source>The description</source>
        <translation>描述</translation>
    </message>
    <message>
        <source>The priority</source>
        <translation>优先级</translation>
    </message>
    <message>
        <source>The channel</source>
        <translation>报修渠道</translation>
    </message>
    <message>
        <source>covered system</source>
        <translation>合同附件一所列系统</translation>
    </message>
    <message>
        <source>The system</source>
        <translation>系统</translation>
    </message>
    <message>
        <source>The status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>The outcome</source>
        <translation>处理结果</translation>
    </message>
    <message>
        <source>contract</source>
        <translation>合同</translation>
    </message>
    <message>
        <source>The note</source>
        <translation>记录内容</translation>
    </message>
    <message>
        <source>Say whether the note is plain text or a log.</source>
        <translation>请说明该记录是普通文本还是日志。</translation>
    </message>
    <message>
        <source>The list of files</source>
        <translation>文件列表</translation>
    </message>
    <message>
        <source>note</source>
        <translation>诊断记录</translation>
    </message>
    <message>
        <source>That note was voided; attach to the incident.</source>
        <translation>该诊断记录已作废；请将文件附加到事件上。</translation>
    </message>
    <message>
        <source>The file {path} does not exist.</source>
        <translation>文件 {path} 不存在。</translation>
    </message>
    <message>
        <source>{path} is not a file.</source>
        <translation>{path} 不是文件。</translation>
    </message>
    <message>
        <source>The file {path} cannot be read: {reason}</source>
        <translation>无法读取文件 {path}：{reason}</translation>
    </message>
    <message>
        <source>The file {path} is empty.</source>
        <translation>文件 {path} 为空。</translation>
    </message>
    <message>
        <source>The file {path} is larger than {limit} MB.</source>
        <translation>文件 {path} 超过 {limit} MB。</translation>
    </message>
    <message>
        <source>The quantity must be a whole number.</source>
        <translation>数量必须是整数。</translation>
    </message>
    <message>
        <source>The quantity must be between 1 and {limit}.</source>
        <translation>数量必须在 1 到 {limit} 之间。</translation>
    </message>
    <message>
        <source>The part</source>
        <translation>备件</translation>
    </message>
    <message>
        <source>spare part</source>
        <translation>备件</translation>
    </message>
    <message>
        <source>The kind of time</source>
        <translation>工时类型</translation>
    </message>
    <message>
        <source>Give a date and time.</source>
        <translation>请填写日期和时间。</translation>
    </message>
    <message>
        <source>The end must come after the start.</source>
        <translation>结束时间必须晚于开始时间。</translation>
    </message>
    <message>
        <source>One time entry can cover at most 24 hours; split it.</source>
        <translation>一条工时记录最多只能涵盖 24 小时，请拆分为多条。</translation>
    </message>
    <message>
        <source>entry</source>
        <translation>条目</translation>
    </message>
    <message>
        <source>The template&apos;s name</source>
        <translation>模板名称</translation>
    </message>
    <message>
        <source>The kind of action</source>
        <translation>操作类型</translation>
    </message>
    <message>
        <source>The result</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>action template</source>
        <translation>操作模板</translation>
    </message>
    <message>
        <source>The removed part</source>
        <translation>拆下的部件</translation>
    </message>
    <message>
        <source>The installed part</source>
        <translation>装上的部件</translation>
    </message>
    <message>
        <source>The removed serial number</source>
        <translation>拆下部件的序列号</translation>
    </message>
    <message>
        <source>The installed serial number</source>
        <translation>装上部件的序列号</translation>
    </message>
    <message>
        <source>The removed and installed parts have the same serial number {serial}.</source>
        <translation>拆下和装上的部件序列号相同：{serial}。</translation>
    </message>
    <message>
        <source>Say whether the replacement is temporary or permanent.</source>
        <translation>请说明此次更换是临时还是永久。</translation>
    </message>
    <message>
        <source>The signer&apos;s name</source>
        <translation>签字人姓名</translation>
    </message>
    <message>
        <source>The signer&apos;s role</source>
        <translation>签字人职务</translation>
    </message>
    <message>
        <source>The comment</source>
        <translation>意见</translation>
    </message>
    <message>
        <source>The signature could not be read: {reason}</source>
        <translation>无法读取签名：{reason}</translation>
    </message>
    <message>
        <source>The refusal</source>
        <translation>未签字的原因类别</translation>
    </message>
    <message>
        <source>“{verb}” is not a step; the steps are {verbs}.</source>
        <translation>“{verb}”不是一个步骤；可用步骤为 {verbs}。</translation>
    </message>
    <message>
        <source>Incident {number} is {current}: “{verb}” is not a next step (possible: {steps}).</source>
        <translation>事件 {number} 当前为“{current}”：“{verb}”不是可执行的下一步（可执行：{steps}）。</translation>
    </message>
    <message>
        <source>Only “wait” can pause the SLA clock.</source>
        <translation>只有“等待客户”可以暂停 SLA 计时。</translation>
    </message>
    <message>
        <source>The contract of {number} does not let the SLA clock stop while you wait.</source>
        <translation>{number} 的合同不允许在等待时暂停 SLA 计时。</translation>
    </message>
    <message>
        <source>{label} may hold only letters A–Z, digits 0–9 and - . / _ : (not {chars}).</source>
        <translation>{label}只能包含字母 A–Z、数字 0–9 及 - . / _ :（不能有 {chars}）。</translation>
    </message>
    <message>
        <source>{label} must be {low} to {high} characters long (it has {length}).</source>
        <translation>{label}须为 {low} 至 {high} 个字符（现为 {length} 个）。</translation>
    </message>
    <message>
        <source>The report&apos;s language is English or Chinese.</source>
        <translation>报告语言只能是英文或中文。</translation>
    </message>
</context>
<context>
    <name>VoidDialog</name>
    <message>
        <source>&amp;Entry</source>
        <translation>条目(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;Why</source>
        <translation>原因(&amp;W)</translation>
    </message>
    <message>
        <source>Void an entry</source>
        <translation>作废条目</translation>
    </message>
    <message>
        <source>Void</source>
        <translation>作废</translation>
    </message>
    <message>
        <source>e.g. Recorded on the wrong incident</source>
        <translation>例如：记录到了错误的事件上</translation>
    </message>
</context>
<context>
    <name>WaitDialog</name>
    <message>
        <source>Say why you are waiting: the client sees it in the report.</source>
        <extracomment>The header&apos;s facts, in reading order (three a row). Characters of the client&apos;s report shown before &quot;…&quot; (all of it in the tooltip). Take the step that moves the job forward (the primary status button).</extracomment>
        <translation>请说明等待原因：客户会在服务报告中看到。</translation>
    </message>
    <message>
        <source>Waiting for the client</source>
        <translation>等待客户</translation>
    </message>
    <message>
        <source>The contract lets the SLA clock stop while the client cannot give you access or information. Pause it while you wait? It runs again when the client is back.</source>
        <translation>合同允许在客户无法提供访问权限或信息时暂停 SLA 计时。等待期间是否暂停计时？客户回来后计时将继续。</translation>
    </message>
    <message>
        <source>&amp;Why are you waiting?</source>
        <translation>等待原因(&amp;W)</translation>
    </message>
    <message>
        <source>e.g. The client&apos;s DBA is not on site yet</source>
        <translation>例如：客户的 DBA 尚未到场</translation>
    </message>
    <message>
        <source>Wait and &amp;pause the clock</source>
        <translation>等待并暂停计时(&amp;P)</translation>
    </message>
    <message>
        <source>Wait, the clock &amp;keeps running</source>
        <translation>等待，计时继续(&amp;K)</translation>
    </message>
</context>
</TS>
