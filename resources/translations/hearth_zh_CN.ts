<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>About</name>
    <message>
        <location filename="../../desktop/views/about.py" line="+33"/>
        <source>see package</source>
        <translation>请查看软件包</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Hearth is licensed under Apache-2.0. It is built on:</source>
        <translation>Hearth 采用 Apache-2.0 许可证。它基于：</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Models you download keep their own licences; see each model&apos;s page.</source>
        <translation>下载的模型各有其许可证；请查看各模型的页面。</translation>
    </message>
</context>
<context>
    <name>ChatListPanel</name>
    <message>
        <location filename="../../desktop/views/chat_list.py" line="+49"/>
        <source>Search chats</source>
        <translation>搜索对话</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>New</source>
        <translation>新建</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>New chat (Ctrl+N)</source>
        <translation>新对话（Ctrl+N）</translation>
    </message>
    <message>
        <location line="+51"/>
        <source>New chat</source>
        <translation>新对话</translation>
    </message>
    <message>
        <location line="+53"/>
        <source>Rename…</source>
        <translation>重命名…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Export as Markdown…</source>
        <translation>导出为 Markdown…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Export as JSON…</source>
        <translation>导出为 JSON…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Delete…</source>
        <translation>删除…</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Rename chat</source>
        <translation>重命名对话</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Title:</source>
        <translation>标题：</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Delete chat</source>
        <translation>删除对话</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Delete “{title}” and all its messages?</source>
        <translation>要删除“{title}”及其所有消息吗？</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Markdown (*.md)</source>
        <translation>Markdown (*.md)</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>JSON (*.json)</source>
        <translation>JSON (*.json)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Export chat</source>
        <translation>导出对话</translation>
    </message>
</context>
<context>
    <name>ChatPage</name>
    <message>
        <location filename="../../desktop/views/chat_page.py" line="+147"/>
        <source>Show your chats</source>
        <translation>显示你的对话</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Chats</source>
        <translation>对话</translation>
    </message>
    <message>
        <location line="+6"/>
        <location line="+171"/>
        <location line="+61"/>
        <location filename="../../desktop/views/chat_reply.py" line="+242"/>
        <source>New chat</source>
        <translation>新对话</translation>
    </message>
    <message>
        <location line="-219"/>
        <source>The model that writes replies in this chat</source>
        <translation>在这个对话中撰写回复的模型</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Sources</source>
        <translation>来源</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The documents the last answer cites</source>
        <translation>上一个回答引用的文档</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Libraries</source>
        <translation>文档库</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Answer from your documents: attach libraries to this chat</source>
        <translation>根据您的文档回答：为这个对话添加文档库</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>System prompt, sampling, libraries for this chat</source>
        <translation>这个对话的系统提示词、采样与文档库</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Rename, export or delete this chat</source>
        <translation>重命名、导出或删除这个对话</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Rename…</source>
        <translation>重命名…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Export as Markdown…</source>
        <translation>导出为 Markdown…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Export as JSON…</source>
        <translation>导出为 JSON…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Delete…</source>
        <translation>删除…</translation>
    </message>
    <message>
        <location line="+63"/>
        <source>No models installed</source>
        <translation>尚未安装模型</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>↗ Sent to {host}</source>
        <translation>↗ 发送到 {host}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>This model runs on {server}: your messages, the chat&apos;s history and any library passages are sent there.</source>
        <translation>这个模型在 {server} 上运行：您的消息、对话记录与引用的文档库段落都会发送到那里。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Ask anything. This model runs on {host}: what you send goes there.</source>
        <translation>尽管问。这个模型在 {host} 上运行：您发送的内容会发到那里。</translation>
    </message>
    <message>
        <location line="+143"/>
        <source>You</source>
        <translation>你</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Assistant</source>
        <translation>助手</translation>
    </message>
    <message>
        <location line="+41"/>
        <source>No libraries yet</source>
        <translation>还没有文档库</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Manage libraries…</source>
        <translation>管理文档库…</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Answers from: {libraries}</source>
        <translation>回答来源：{libraries}</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>Sources ({n})</source>
        <translation>来源（{n}）</translation>
    </message>
    <message>
        <location filename="../../desktop/views/chat_reply.py" line="-192"/>
        <source>No model to answer with.</source>
        <translation>没有可用于回答的模型。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Install one on the Models page, or import a GGUF file.</source>
        <translation>请在“模型”页面安装一个，或导入 GGUF 文件。</translation>
    </message>
    <message>
        <location line="+82"/>
        <source>Loading {model}…</source>
        <translation>正在加载 {model}…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Looking through your libraries…</source>
        <translation>正在搜索你的文档库…</translation>
    </message>
    <message>
        <location line="+52"/>
        <source>Reading {done} of {total} tokens…</source>
        <translation>正在读取 {done} / {total} 个词元…</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>about {seconds} s left</source>
        <translation>约剩 {seconds} 秒</translation>
    </message>
</context>
<context>
    <name>ChatSettingsPanel</name>
    <message>
        <location filename="../../desktop/views/chat_settings.py" line="+64"/>
        <source>Chat settings</source>
        <translation>对话设置</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Hide chat settings</source>
        <translation>隐藏对话设置</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>How the assistant should behave</source>
        <translation>助手应有的行为方式</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>System prompt</source>
        <translation>系统提示词</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Sampling</source>
        <translation>采样</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Random</source>
        <translation>随机</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Auto</source>
        <translation>自动</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Temperature</source>
        <translation>温度</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Repeat penalty</source>
        <translation>重复惩罚</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Max tokens</source>
        <translation>最大 token 数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Seed</source>
        <translation>种子</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Context length</source>
        <translation>上下文长度</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>One stop sequence per line</source>
        <translation>每行一个停止序列</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Stop sequences</source>
        <translation>停止序列</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Think step by step</source>
        <translation>逐步思考</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ask the model to reason step by step before it answers: slower, often better on hard questions</source>
        <translation>让模型先逐步推理再回答：较慢，但难题往往答得更好</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Few-shot examples</source>
        <translation>少样本示例</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>User</source>
        <translation>用户</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Assistant</source>
        <translation>助手</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Add example</source>
        <translation>添加示例</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Libraries</source>
        <translation>文档库</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Answers use and cite the checked libraries.</source>
        <translation>回答会使用并引用勾选的文档库。</translation>
    </message>
    <message>
        <location line="+100"/>
        <source>No libraries yet — create one on the Libraries page.</source>
        <translation>还没有文档库——请在“文档库”页面创建。</translation>
    </message>
</context>
<context>
    <name>Columns</name>
    <message>
        <location filename="../../desktop/qtmodels/downloads_table.py" line="+123"/>
        <location filename="../../desktop/qtmodels/models_hub.py" line="+162"/>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Progress</source>
        <translation>进度</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Speed</source>
        <translation>速度</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>ETA</source>
        <translation>剩余时间</translation>
    </message>
    <message>
        <location line="+1"/>
        <location filename="../../desktop/qtmodels/library_tables.py" line="+136"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../desktop/qtmodels/library_tables.py" line="-1"/>
        <location line="+61"/>
        <location filename="../../desktop/qtmodels/models_hub.py" line="+46"/>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <location line="-58"/>
        <source>Details</source>
        <translation>详细信息</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Pages</source>
        <translation>页数</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Chunks</source>
        <translation>分块</translation>
    </message>
    <message>
        <location line="+54"/>
        <source>#</source>
        <translation>#</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Page</source>
        <translation>页</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Score</source>
        <translation>分数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Snippet</source>
        <translation>摘录</translation>
    </message>
    <message>
        <location filename="../../desktop/qtmodels/models_hub.py" line="-63"/>
        <source>Repository</source>
        <translation>仓库</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Downloads</source>
        <translation>下载</translation>
    </message>
    <message>
        <location line="+18"/>
        <location line="+43"/>
        <location filename="../../desktop/qtmodels/models_table.py" line="+80"/>
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <location line="-42"/>
        <source>License</source>
        <translation>许可证</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+42"/>
        <source>Fit</source>
        <translation>适配</translation>
    </message>
    <message>
        <location line="-3"/>
        <location filename="../../desktop/qtmodels/models_table.py" line="+2"/>
        <source>Quantization</source>
        <translation>量化</translation>
    </message>
    <message>
        <location filename="../../desktop/qtmodels/models_table.py" line="-3"/>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Context</source>
        <translation>上下文</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Architecture</source>
        <translation>架构</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Runs on</source>
        <translation>运行于</translation>
    </message>
</context>
<context>
    <name>Common</name>
    <message>
        <location filename="../../desktop/widgets/common.py" line="+50"/>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
</context>
<context>
    <name>Composer</name>
    <message>
        <location filename="../../desktop/views/composer.py" line="+47"/>
        <source>Editing a message: sending replaces it and the replies after it.</source>
        <translation>正在编辑消息：发送后会替换它以及之后的回复。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Message  (Enter to send, Shift+Enter for a new line)</source>
        <translation>消息（按 Enter 发送，Shift+Enter 换行）</translation>
    </message>
    <message>
        <location line="+6"/>
        <location line="+24"/>
        <source>Send</source>
        <translation>发送</translation>
    </message>
    <message>
        <location line="-22"/>
        <location line="+24"/>
        <source>Send (Ctrl+Enter)</source>
        <translation>发送（Ctrl+Enter）</translation>
    </message>
    <message>
        <location line="-2"/>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Stop the reply (Esc)</source>
        <translation>停止回复（Esc）</translation>
    </message>
</context>
<context>
    <name>DiscoverPanel</name>
    <message>
        <location filename="../../desktop/views/discover_panel.py" line="+47"/>
        <source>Most downloaded</source>
        <translation>下载最多</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Most liked</source>
        <translation>点赞最多</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Recently updated</source>
        <translation>最近更新</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>All formats</source>
        <translation>所有格式</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Search Hugging Face — e.g. qwen2.5 instruct</source>
        <translation>搜索 Hugging Face——例如 qwen2.5 instruct</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Search</source>
        <translation>搜索</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>Choose a model to see its files</source>
        <translation>选择模型以查看其文件</translation>
    </message>
    <message>
        <location line="+22"/>
        <location line="+235"/>
        <location line="+4"/>
        <source>Download</source>
        <translation>下载</translation>
    </message>
    <message>
        <location line="-184"/>
        <source>Recommended starter models — or search the Hub above</source>
        <translation>推荐的入门模型——或在上方搜索 Hub</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Searching for “{query}”…</source>
        <translation>正在搜索“{query}”…</translation>
    </message>
    <message numerus="yes">
        <location line="+10"/>
        <source>%n results for “{query}”</source>
        <translation>
            <numerusform>“{query}”共 %n 个结果</numerusform>
        </translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Nothing found for “{query}”</source>
        <translation>找不到“{query}”的结果</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Search failed</source>
        <translation>搜索失败</translation>
    </message>
    <message>
        <location line="+47"/>
        <source>Reading the files and their headers…</source>
        <translation>正在读取文件及其头信息…</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>None of these files fits this computer&apos;s memory.</source>
        <translation>这些文件都放不进这台电脑的内存。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>This repository has no GGUF or MLC model files.</source>
        <translation>这个仓库没有 GGUF 或 MLC 模型文件。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Could not read this repository&apos;s files.</source>
        <translation>无法读取这个仓库的文件。</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>{n} downloads</source>
        <translation>{n} 次下载</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{n} likes</source>
        <translation>{n} 个赞</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>updated {date}</source>
        <translation>更新于 {date}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>license {license}</source>
        <translation>许可证 {license}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&lt;b&gt;gated&lt;/b&gt;: needs a Hugging Face token (Settings)</source>
        <translation>&lt;b&gt;需授权&lt;/b&gt;：需要 Hugging Face 令牌（设置）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>suggested file {file}</source>
        <translation>建议文件 {file}</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>Installed ✓</source>
        <translation>已安装 ✓</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Downloading {percent} %</source>
        <translation>下载中 {percent} %</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Queued…</source>
        <translation>排队中…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Verifying…</source>
        <translation>校验中…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Resume ({percent} %)</source>
        <translation>继续（{percent} %）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Retry download</source>
        <translation>重新下载</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Download anyway</source>
        <translation>仍然下载</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Pause or cancel it on the Downloads tab</source>
        <translation>在“下载”标签页暂停或取消</translation>
    </message>
</context>
<context>
    <name>Downloads</name>
    <message>
        <location filename="../../desktop/qtmodels/downloads_table.py" line="-113"/>
        <source>Queued</source>
        <translation>排队中</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Downloading</source>
        <translation>下载中</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Paused</source>
        <translation>已暂停</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Verifying</source>
        <translation>校验中</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Done</source>
        <translation>完成</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <location line="+51"/>
        <source>{done} of {total}</source>
        <translation>{done}/{total}</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Failed: {error}</source>
        <translation>失败：{error}</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Installed as {model}. Double-click to show it.</source>
        <translation>已安装为 {model}。双击即可显示。</translation>
    </message>
</context>
<context>
    <name>DownloadsPanel</name>
    <message>
        <location filename="../../desktop/views/downloads_panel.py" line="+147"/>
        <source>&lt;h3&gt;No downloads&lt;/h3&gt;&lt;p&gt;Pick a model on the &lt;b&gt;Discover&lt;/b&gt; tab and press &lt;b&gt;Download&lt;/b&gt;.&lt;br&gt;Interrupted downloads resume where they stopped.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;没有下载任务&lt;/h3&gt;&lt;p&gt;在&lt;b&gt;发现&lt;/b&gt;标签页选择模型，然后点击&lt;b&gt;下载&lt;/b&gt;。&lt;br&gt;中断的下载会从停止处继续。&lt;/p&gt;</translation>
    </message>
    <message>
        <location filename="../../desktop/qtmodels/downloads_table.py" line="-84"/>
        <location filename="../../desktop/views/downloads_panel.py" line="+9"/>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <location line="+1"/>
        <location filename="../../desktop/views/downloads_panel.py" line="+1"/>
        <source>Resume</source>
        <translation>继续</translation>
    </message>
    <message>
        <location line="+1"/>
        <location filename="../../desktop/views/downloads_panel.py" line="+1"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location line="+1"/>
        <location filename="../../desktop/views/downloads_panel.py" line="+1"/>
        <source>Retry</source>
        <translation>重试</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Show</source>
        <translation>显示</translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/views/downloads_panel.py" line="+85"/>
        <source>%n downloading</source>
        <translation>
            <numerusform>%n 个下载中</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>%n queued</source>
        <translation>
            <numerusform>%n 个排队中</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>%n paused</source>
        <translation>
            <numerusform>%n 个已暂停</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>%n failed</source>
        <translation>
            <numerusform>%n 个失败</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>EmbeddingPicker</name>
    <message>
        <location filename="../../desktop/widgets/embedding_picker.py" line="+20"/>
        <source>Automatic (from the documents&apos; languages)</source>
        <translation>自动（按文档的语言选择）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Multilingual: USE v3, 16 languages, no download</source>
        <translation>多语言：USE v3，16 种语言，无需下载</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>English: MiniLM, best for English only</source>
        <translation>英文：MiniLM，只适合英文</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Multilingual MiniLM: 50 languages, 220 MB download</source>
        <translation>多语言 MiniLM：50 种语言，需下载 220 MB</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Multilingual E5 large: 100 languages, 2.2 GB download</source>
        <translation>多语言 E5 large：100 种语言，需下载 2.2 GB</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>multilingual USE v3</source>
        <translation>多语言 USE v3</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>English MiniLM</source>
        <translation>英文 MiniLM</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>Automatic: chose {model}</source>
        <translation>自动：已选 {model}</translation>
    </message>
</context>
<context>
    <name>ErrorBar</name>
    <message>
        <location filename="../../desktop/widgets/errors.py" line="+98"/>
        <location line="+32"/>
        <source>Copy details</source>
        <translation>复制详细信息</translation>
    </message>
    <message>
        <location line="-28"/>
        <source>Dismiss</source>
        <translation>关闭</translation>
    </message>
    <message numerus="yes">
        <location line="+17"/>
        <source>(+%n more)</source>
        <translation>
            <numerusform>（另有 %n 条）</numerusform>
        </translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Copied</source>
        <translation>已复制</translation>
    </message>
</context>
<context>
    <name>ErrorInfo</name>
    <message>
        <location line="-86"/>
        <source>Something went wrong: {error}</source>
        <translation>出错了：{error}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The details were written to the log; please report them if this repeats.</source>
        <translation>详细信息已写入日志；如果再次发生，请反馈。</translation>
    </message>
</context>
<context>
    <name>ExternalBar</name>
    <message>
        <location filename="../../desktop/widgets/source_preview.py" line="+46"/>
        <source>Open in default app</source>
        <translation>用默认应用打开</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Copy path</source>
        <translation>复制路径</translation>
    </message>
</context>
<context>
    <name>FileState</name>
    <message>
        <location filename="../../desktop/qtmodels/library_tables.py" line="-170"/>
        <location filename="../../desktop/views/library_files.py" line="+31"/>
        <source>Indexed</source>
        <translation>已建立索引</translation>
    </message>
    <message>
        <location line="+1"/>
        <location filename="../../desktop/views/library_files.py" line="+2"/>
        <source>No text</source>
        <translation>没有文本</translation>
    </message>
    <message>
        <location line="+1"/>
        <location filename="../../desktop/views/library_files.py" line="-1"/>
        <source>Failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <location line="+1"/>
        <location filename="../../desktop/views/library_files.py" line="+2"/>
        <source>Unsupported</source>
        <translation>不支持</translation>
    </message>
    <message>
        <location line="+1"/>
        <location filename="../../desktop/views/library_files.py" line="+1"/>
        <source>Pending</source>
        <translation>待处理</translation>
    </message>
    <message numerus="yes">
        <location line="+12"/>
        <source>%n indexed</source>
        <translation>
            <numerusform>%n 个已建立索引</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>%n with no text</source>
        <translation>
            <numerusform>%n 个没有文本</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>%n failed</source>
        <translation>
            <numerusform>%n 个失败</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>%n unsupported</source>
        <translation>
            <numerusform>%n 个不支持</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>%n pending</source>
        <translation>
            <numerusform>%n 个待处理</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../desktop/views/library_files.py" line="-5"/>
        <source>All files</source>
        <translation>所有文件</translation>
    </message>
</context>
<context>
    <name>FirstRunPage</name>
    <message>
        <location filename="../../desktop/views/first_run.py" line="+60"/>
        <source>no GPU</source>
        <translation>没有 GPU</translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>%n threads</source>
        <translation>
            <numerusform>%n 个线程</numerusform>
        </translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{total} RAM ({free} free)</source>
        <translation>{total} 内存（可用 {free}）</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>needs {needed} of {ram} RAM</source>
        <translation>需要 {needed}（共 {ram} 内存）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>needs {needed}</source>
        <translation>需要 {needed}</translation>
    </message>
    <message>
        <location line="+74"/>
        <source>Welcome to Hearth</source>
        <translation>欢迎使用 Hearth</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Chat with language models and your own documents — privately, on this computer. Pick a starter model to download, or import one you have.</source>
        <translation>与语言模型和你自己的文档对话——私密地，在这台电脑上。选一个入门模型下载，或导入你已有的模型。</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>This computer</source>
        <translation>这台电脑</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Looking at the hardware…</source>
        <translation>正在检查硬件…</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Starter models</source>
        <translation>入门模型</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Already have a model file?</source>
        <translation>已经有模型文件了？</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Import a GGUF file…</source>
        <translation>导入 GGUF 文件…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Browse all models</source>
        <translation>浏览所有模型</translation>
    </message>
    <message>
        <location line="+62"/>
        <source>Starting…</source>
        <translation>正在开始…</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Downloading</source>
        <translation>下载中</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Downloading {model}. Hearth opens a chat when it is ready; the Models page shows the details.</source>
        <translation>正在下载 {model}。完成后 Hearth 会打开对话；详细信息请见“模型”页面。</translation>
    </message>
    <message>
        <location line="+5"/>
        <location line="+24"/>
        <source>Download</source>
        <translation>下载</translation>
    </message>
    <message>
        <location line="-5"/>
        <source>Installed</source>
        <translation>已安装</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Downloading {model} failed: {error}</source>
        <translation>下载 {model} 失败：{error}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Check the connection and try again.</source>
        <translation>请检查网络连接后重试。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Import a model</source>
        <translation>导入模型</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>GGUF models (*.gguf);;All files (*)</source>
        <translation>GGUF 模型 (*.gguf);;所有文件 (*)</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Importing {file}…</source>
        <translation>正在导入 {file}…</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Imported {model}.</source>
        <translation>已导入 {model}。</translation>
    </message>
</context>
<context>
    <name>Fit</name>
    <message>
        <location filename="../../desktop/qtmodels/models_hub.py" line="-193"/>
        <source>Fits on GPU</source>
        <translation>可放入 GPU</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Partly on GPU</source>
        <translation>部分在 GPU</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Runs on CPU</source>
        <translation>用 CPU 运行</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>~{n} tok/s</source>
        <translation>约 {n} tok/s</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>Measured here with this file: {n} tokens/s</source>
        <translation>在这台电脑上用这个文件实测：每秒 {n} 个 token</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Estimated from {model} at {n} tokens/s here: each token reads the whole file, {rate} a second</source>
        <translation>根据 {model} 在这台电脑上的每秒 {n} 个 token 估算：每个 token 都要读一遍整个文件，每秒 {rate}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Estimated: each token reads the whole file, at a typical {rate} a second for this memory; a first reply measures it</source>
        <translation>估算值：每个 token 都要读一遍整个文件，这种内存通常每秒 {rate}；第一次回复后改用实测值</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Green: {n} tokens/s or more, about as fast as one reads; amber: slower</source>
        <translation>绿色：每秒 {n} 个 token 及以上，大约和阅读一样快；琥珀色：较慢</translation>
    </message>
    <message>
        <location line="-72"/>
        <source>Won&apos;t fit</source>
        <translation>放不下</translation>
    </message>
</context>
<context>
    <name>Formats</name>
    <message>
        <location filename="../../desktop/formats.py" line="+73"/>
        <source>just now</source>
        <translation>刚刚</translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>%n days ago</source>
        <translation>
            <numerusform>%n 天前</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>%n hours ago</source>
        <translation>
            <numerusform>%n 小时前</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>%n minutes ago</source>
        <translation>
            <numerusform>%n 分钟前</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>HubTables</name>
    <message>
        <location filename="../../desktop/qtmodels/models_hub.py" line="+102"/>
        <location line="+42"/>
        <source>License: {license}</source>
        <translation>许可证：{license}</translation>
    </message>
    <message>
        <location line="-40"/>
        <source>Gated: needs a Hugging Face token with access</source>
        <translation>需授权：需要具有访问权限的 Hugging Face 令牌</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>gated</source>
        <translation>需授权</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Recommended: the best starter for this computer</source>
        <translation>推荐：最适合这台电脑的入门模型</translation>
    </message>
    <message numerus="yes">
        <location line="+16"/>
        <source>%n parts</source>
        <translation>
            <numerusform>%n 个部分</numerusform>
        </translation>
    </message>
    <message>
        <location line="+2"/>
        <source>vision projector</source>
        <translation>视觉投影器</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>installed</source>
        <translation>已安装</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Recommended: the best quantization that fits this computer</source>
        <translation>推荐：最适合这台电脑的量化版本</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Fit unknown: {error}</source>
        <translation>无法判断是否适配：{error}</translation>
    </message>
</context>
<context>
    <name>InstalledPanel</name>
    <message>
        <location filename="../../desktop/views/models_page.py" line="+80"/>
        <source>Can&apos;t be used</source>
        <translation>无法使用</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Import GGUF…</source>
        <translation>导入 GGUF…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Copy a .gguf model file into Hearth (or drop files here)</source>
        <translation>把 .gguf 模型文件复制到 Hearth（或把文件拖放到这里）</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+118"/>
        <source>Load</source>
        <translation>加载</translation>
    </message>
    <message>
        <location line="-116"/>
        <source>Unload</source>
        <translation>卸载</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Delete…</source>
        <translation>删除…</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Drop .gguf files here to import them</source>
        <translation>把 .gguf 文件拖放到这里即可导入</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>&lt;h3&gt;No models yet&lt;/h3&gt;&lt;p&gt;Drop a &lt;b&gt;.gguf&lt;/b&gt; file here, choose &lt;b&gt;Import GGUF…&lt;/b&gt;,&lt;br&gt;or find one on the &lt;b&gt;Discover&lt;/b&gt; tab.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;还没有模型&lt;/h3&gt;&lt;p&gt;把 &lt;b&gt;.gguf&lt;/b&gt; 文件拖放到这里、选择&lt;b&gt;导入 GGUF…&lt;/b&gt;，&lt;br&gt;或在&lt;b&gt;发现&lt;/b&gt;标签页查找模型。&lt;/p&gt;</translation>
    </message>
    <message>
        <location line="+48"/>
        <source>can&apos;t run here</source>
        <translation>无法在此运行</translation>
    </message>
    <message>
        <location line="+44"/>
        <source>Loading {model}…</source>
        <translation>正在加载 {model}…</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>{n} parameters</source>
        <translation>{n} 个参数</translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>%n layers</source>
        <translation>
            <numerusform>%n 层</numerusform>
        </translation>
    </message>
    <message>
        <location line="+3"/>
        <source>from {source}</source>
        <translation>来自 {source}</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Can&apos;t be used: {problem}</source>
        <translation>无法使用：{problem}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Delete removes the file.</source>
        <translation>“删除”会移除这个文件。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Loaded on &lt;b&gt;{where}&lt;/b&gt; with a {n}-token context</source>
        <translation>已加载于 &lt;b&gt;{where}&lt;/b&gt;，上下文长度 {n} 个 token</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Runs on &lt;b&gt;{where}&lt;/b&gt;: {reason}</source>
        <translation>运行于 &lt;b&gt;{where}&lt;/b&gt;：{reason}</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Delete model</source>
        <translation>删除模型</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Delete {model} ({size})?

The file is removed from Hearth&apos;s models folder.</source>
        <translation>要删除 {model}（{size}）吗？

文件会从 Hearth 的模型文件夹中移除。</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>Import models</source>
        <translation>导入模型</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>GGUF models (*.gguf);;All files (*)</source>
        <translation>GGUF 模型 (*.gguf);;所有文件 (*)</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>Importing {file}…</source>
        <translation>正在导入 {file}…</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Importing {file}</source>
        <translation>正在导入 {file}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{done} of {total}</source>
        <translation>{done}/{total}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{time} left</source>
        <translation>剩余 {time}</translation>
    </message>
    <message numerus="yes">
        <location line="+29"/>
        <source>Skipped %n files that are not GGUF models.</source>
        <translation>
            <numerusform>已跳过 %n 个不是 GGUF 模型的文件。</numerusform>
        </translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Only .gguf files can be imported; MLC models come from the Hub.</source>
        <translation>只能导入 .gguf 文件；MLC 模型请从 Hub 下载。</translation>
    </message>
</context>
<context>
    <name>Libraries</name>
    <message numerus="yes">
        <location filename="../../desktop/qtmodels/library_tables.py" line="+9"/>
        <location filename="../../desktop/views/library_files.py" line="+85"/>
        <source>%n files</source>
        <translation>
            <numerusform>%n 个文件</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>%Ln chunks</source>
        <translation>
            <numerusform>%Ln 个分块</numerusform>
        </translation>
    </message>
    <message>
        <location line="+6"/>
        <source>No folders or files yet</source>
        <translation>还没有文件夹或文件</translation>
    </message>
</context>
<context>
    <name>LibrariesPage</name>
    <message>
        <location filename="../../desktop/views/libraries_page.py" line="+64"/>
        <source>watching</source>
        <translation>监视中</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>damaged: select it to repair</source>
        <translation>已损坏：选中它以修复</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>New library…</source>
        <translation>新建文档库…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Rename…</source>
        <translation>重命名…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Delete…</source>
        <translation>删除…</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>&lt;h3&gt;No libraries yet&lt;/h3&gt;&lt;p&gt;A library is a set of folders and files that Hearth indexes on this computer,&lt;br&gt;so chats can search them and cite the page an answer came from.&lt;/p&gt;&lt;p&gt;Press &lt;b&gt;New library…&lt;/b&gt; to start.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;还没有文档库&lt;/h3&gt;&lt;p&gt;文档库是一组由 Hearth 在这台电脑上建立索引的文件夹和文件，&lt;br&gt;让对话可以搜索它们，并引用答案出处的页面。&lt;/p&gt;&lt;p&gt;点击&lt;b&gt;新建文档库…&lt;/b&gt;开始。&lt;/p&gt;</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Libraries</source>
        <translation>文档库</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Your documents, indexed on this computer for grounded answers.</source>
        <translation>你的文档，在这台电脑上建立索引，让回答有据可依。</translation>
    </message>
    <message>
        <location line="+74"/>
        <source>New library</source>
        <translation>新建文档库</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Name:</source>
        <translation>名称：</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Rename library</source>
        <translation>重命名文档库</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>New name:</source>
        <translation>新名称：</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>Delete library</source>
        <translation>删除文档库</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Delete the library “{name}”?

Its index is removed; your documents are not touched.</source>
        <translation>要删除文档库“{name}”吗？

它的索引会被移除；你的文档不受影响。</translation>
    </message>
</context>
<context>
    <name>LibraryDetail</name>
    <message>
        <location filename="../../desktop/views/library_detail.py" line="+48"/>
        <source>files</source>
        <translation>个文件</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>{time} left</source>
        <translation>剩余 {time}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Starting…</source>
        <translation>正在开始…</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Documents ({patterns});;All files (*)</source>
        <translation>文档 ({patterns});;所有文件 (*)</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>indexed {when}</source>
        <translation>{when}建立索引</translation>
    </message>
    <message numerus="yes">
        <location line="+7"/>
        <source>%n files indexed</source>
        <translation>
            <numerusform>已为 %n 个文件建立索引</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>%Ln chunks in {seconds} s ({rate}/s)</source>
        <translation>
            <numerusform>%Ln 个分块，用时 {seconds} 秒（每秒 {rate} 个）</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+4"/>
        <source>%n unchanged</source>
        <translation>
            <numerusform>%n 个未更改</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+6"/>
        <source>%n removed</source>
        <translation>
            <numerusform>%n 个已移除</numerusform>
        </translation>
    </message>
    <message>
        <location line="+27"/>
        <source>Add folder…</source>
        <translation>添加文件夹…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Add files…</source>
        <translation>添加文件…</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+187"/>
        <source>Index</source>
        <translation>建立索引</translation>
    </message>
    <message>
        <location line="-186"/>
        <source>Index new and changed files (unchanged ones are kept)</source>
        <translation>为新增和更改的文件建立索引（未更改的会保留）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Re-index all</source>
        <translation>全部重新索引</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Rebuild the whole index from the documents</source>
        <translation>从文档重新建立整个索引</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Watch for changes</source>
        <translation>监视更改</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Pick up new, edited and deleted files while Hearth runs</source>
        <translation>Hearth 运行时自动处理新增、编辑和删除的文件</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Chat with this library</source>
        <translation>用这个文档库对话</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A new chat whose answers come from these documents, with citations</source>
        <translation>开一个新对话，回答来自这些文档并附上引用</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The model that turns passages into meaning for search; a change re-embeds every file</source>
        <translation>把段落转换成语义以供搜索的模型；更换后每个文件都会重新嵌入</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Embedding model:</source>
        <translation>嵌入模型：</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>Repair</source>
        <translation>修复</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Check the library&apos;s storage and mend it; only files whose passages are missing are indexed again</source>
        <translation>检查文档库的存储并修复；只会重新索引缺少段落的文件</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>Files</source>
        <translation>文件</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sources</source>
        <translation>来源</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Search</source>
        <translation>搜索</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>Change the embedding model</source>
        <translation>更换嵌入模型</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Every file of {name} is embedded again with {model}. Search finds only the files done so far until it finishes; you can stop it and resume later with Update index.</source>
        <translation>“{name}”的每个文件都会用 {model} 重新嵌入。完成之前，搜索只会找到已处理的文件；你可以中途停止，之后点“更新索引”继续。</translation>
    </message>
    <message>
        <location line="+43"/>
        <source>Press Repair to mend it.</source>
        <translation>点击“修复”即可修好。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>This library was {reason}. Press Re-index all to rebuild it with the current model.</source>
        <translation>这个文档库是{reason}。点击“全部重新索引”即可用当前模型重建。</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>Update index</source>
        <translation>更新索引</translation>
    </message>
    <message>
        <location line="+46"/>
        <source>Add a folder</source>
        <translation>添加文件夹</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Add files</source>
        <translation>添加文件</translation>
    </message>
    <message>
        <location line="+61"/>
        <source>nothing needed mending</source>
        <translation>没有需要修复的地方</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Repaired: {what}.</source>
        <translation>已修复：{what}。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Indexing cancelled. Files finished so far are kept; Update index continues from there.</source>
        <translation>已取消建立索引。已完成的文件会保留；“更新索引”会从那里继续。</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Indexing {library}: looking for files…</source>
        <translation>正在为 {library} 建立索引：查找文件中…</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Indexing {library}: {progress}</source>
        <translation>正在为 {library} 建立索引：{progress}</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Cancelling — finishing the current file…</source>
        <translation>正在取消，先完成当前文件…</translation>
    </message>
</context>
<context>
    <name>LibraryFilesPanel</name>
    <message>
        <location filename="../../desktop/views/library_files.py" line="-70"/>
        <source>Drop more folders or files here to add them</source>
        <translation>把更多文件夹或文件拖放到这里即可添加</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>&lt;p style=&apos;font-size:13pt&apos;&gt;Drop folders or files here&lt;/p&gt;&lt;p&gt;PDF, Word, Markdown, text, HTML, EPUB and source code.&lt;br&gt;Hearth keeps your files where they are; only an index is stored.&lt;/p&gt;</source>
        <translation>&lt;p style=&apos;font-size:13pt&apos;&gt;把文件夹或文件拖放到这里&lt;/p&gt;&lt;p&gt;PDF、Word、Markdown、纯文本、HTML、EPUB 和源代码。&lt;br&gt;Hearth 不会移动你的文件，只保存索引。&lt;/p&gt;</translation>
    </message>
</context>
<context>
    <name>LibrarySearchPanel</name>
    <message>
        <location filename="../../desktop/views/library_search.py" line="+35"/>
        <source>Ask something your documents answer…</source>
        <translation>问一个你的文档能回答的问题…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Search</source>
        <translation>搜索</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Select a hit to read the whole passage.</source>
        <translation>选择一个结果即可阅读完整段落。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Hybrid search: meaning (embeddings) and words (BM25), fused.</source>
        <translation>混合搜索：结合语义（嵌入）与词语（BM25）。</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>Searching {library}…</source>
        <translation>正在搜索 {library}…</translation>
    </message>
    <message numerus="yes">
        <location line="+10"/>
        <source>%n best passages for “{query}”</source>
        <translation>
            <numerusform>“{query}”的 %n 个最佳段落</numerusform>
        </translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Nothing in {library} matches “{query}”.</source>
        <translation>{library} 中没有匹配“{query}”的内容。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Search failed.</source>
        <translation>搜索失败。</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>page {page}</source>
        <translation>第 {page} 页</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>score {score}</source>
        <translation>分数 {score}</translation>
    </message>
</context>
<context>
    <name>LibrarySourcesPanel</name>
    <message>
        <location filename="../../desktop/views/library_files.py" line="+69"/>
        <source>Remove from library</source>
        <translation>从文档库移除</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Stop indexing this folder or file (the documents themselves are not touched)</source>
        <translation>不再为这个文件夹或文件建立索引（文档本身不受影响）</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../desktop/main_window.py" line="+41"/>
        <source>Chats</source>
        <translation>对话</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Models</source>
        <translation>模型</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Libraries</source>
        <translation>文档库</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+142"/>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <location line="-107"/>
        <source>Check them on the Settings page.</source>
        <translation>请到“设置”页面检查。</translation>
    </message>
    <message>
        <location line="+102"/>
        <source>New chat</source>
        <translation>新对话</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Search chats</source>
        <translation>搜索对话</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Send the message (Shift+Enter: a new line)</source>
        <translation>发送消息（Shift+Enter：换行）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Stop the reply, or hide the error bar</source>
        <translation>停止回复，或隐藏错误栏</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Chats, Models, Libraries, Settings</source>
        <translation>对话、模型、文档库、设置</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>This list</source>
        <translation>这份列表</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Quit</source>
        <translation>退出</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Keyboard shortcuts</source>
        <translation>键盘快捷键</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>This page could not be opened. See the error above.</source>
        <translation>无法打开这个页面。请查看上方的错误信息。</translation>
    </message>
</context>
<context>
    <name>Markdown</name>
    <message>
        <location filename="../../desktop/markdown.py" line="+101"/>
        <source>code</source>
        <translation>代码</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
</context>
<context>
    <name>MessageView</name>
    <message>
        <location filename="../../desktop/widgets/message_view.py" line="+371"/>
        <source>Ask anything. Replies are written on this computer; nothing leaves it.</source>
        <translation>想问什么都可以。回复在这台电脑上生成，数据不会离开它。</translation>
    </message>
</context>
<context>
    <name>MessageWidget</name>
    <message>
        <location line="-273"/>
        <source>You</source>
        <translation>你</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Assistant</source>
        <translation>助手</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Previous version</source>
        <translation>上一个版本</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Next version</source>
        <translation>下一个版本</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Copy this message</source>
        <translation>复制这条消息</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Edit</source>
        <translation>编辑</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Edit and resend</source>
        <translation>编辑后重新发送</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Regenerate</source>
        <translation>重新生成</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Write this reply again</source>
        <translation>重新撰写这条回复</translation>
    </message>
    <message>
        <location line="+47"/>
        <source>[~n]: the passage of source n this sentence restates (the model did not cite it; matched by meaning)</source>
        <translation>[~n]：这句话所复述的来源 n 段落（模型没有标注出处，按语义匹配）</translation>
    </message>
    <message>
        <location line="+60"/>
        <source>writing…</source>
        <translation>撰写中…</translation>
    </message>
    <message>
        <location line="+0"/>
        <location line="+27"/>
        <source>stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <location line="-26"/>
        <source>failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>first token {ms} ms</source>
        <translation>首个 token {ms} 毫秒</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{prompt} prompt + {reply} reply tokens</source>
        <translation>提示 {prompt} + 回复 {reply} 个 token</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>hit the token limit</source>
        <translation>已达 token 上限</translation>
    </message>
    <message numerus="yes">
        <location line="+8"/>
        <source>%n older messages left out so the conversation fits the model&apos;s context.</source>
        <translation>
            <numerusform>已省略 %n 条较早的消息，使对话符合模型的上下文长度。</numerusform>
        </translation>
    </message>
    <message>
        <location line="+25"/>
        <source>Version {i} of {n}: ‹ and › show the others</source>
        <translation>第 {i} 个版本，共 {n} 个：‹ 和 › 显示其他版本</translation>
    </message>
</context>
<context>
    <name>ModelCard</name>
    <message>
        <location filename="../../desktop/views/first_run.py" line="-234"/>
        <source>Recommended</source>
        <translation>推荐</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The best starter for this computer: the largest model that runs well here.</source>
        <translation>最适合这台电脑的入门模型：能在这里流畅运行的最大模型。</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>{n}B params</source>
        <translation>{n}B 参数</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>License: {license}</source>
        <translation>许可证：{license}</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Download</source>
        <translation>下载</translation>
    </message>
</context>
<context>
    <name>ModelsPage</name>
    <message>
        <location filename="../../desktop/views/models_page.py" line="+27"/>
        <source>Installed</source>
        <translation>已安装</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Discover</source>
        <translation>发现</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+36"/>
        <source>Downloads</source>
        <translation>下载</translation>
    </message>
    <message>
        <location line="-31"/>
        <source>Models</source>
        <translation>模型</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Models on this computer, and more from Hugging Face sized for it.</source>
        <translation>这台电脑上的模型，以及 Hugging Face 上适合它的更多模型。</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>Downloads ({n})</source>
        <translation>下载（{n}）</translation>
    </message>
</context>
<context>
    <name>ModelsTable</name>
    <message numerus="yes">
        <location filename="../../desktop/qtmodels/models_table.py" line="-39"/>
        <source>%n layers</source>
        <translation>
            <numerusform>%n 层</numerusform>
        </translation>
    </message>
    <message>
        <location line="+18"/>
        <source>{n} parameters</source>
        <translation>{n} 个参数</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>from {source}</source>
        <translation>来自 {source}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>no chat template in the file: a generic one is used</source>
        <translation>文件中没有对话模板：改用通用模板</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>loaded</source>
        <translation>已加载</translation>
    </message>
</context>
<context>
    <name>PdfWindow</name>
    <message>
        <location filename="../../desktop/widgets/sources.py" line="+166"/>
        <source>{file} — page {page}</source>
        <translation>{file}——第 {page} 页</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Page {page} of {pages}</source>
        <translation>第 {page} 页，共 {pages} 页</translation>
    </message>
</context>
<context>
    <name>ProgressStrip</name>
    <message>
        <location filename="../../desktop/views/library_ui.py" line="+155"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Dismiss</source>
        <translation>关闭</translation>
    </message>
</context>
<context>
    <name>SettingsPage</name>
    <message>
        <location filename="../../desktop/views/settings_page.py" line="+45"/>
        <source>Follow the system</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Light</source>
        <translation>浅色</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Dark</source>
        <translation>深色</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Automatic (GPU when it fits)</source>
        <translation>自动（放得下时用 GPU）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>CPU only</source>
        <translation>仅 CPU</translation>
    </message>
    <message>
        <location line="+37"/>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>Appearance</source>
        <translation>外观</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Theme</source>
        <translation>主题</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>System</source>
        <translation>系统</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The new language is used after Hearth restarts.</source>
        <translation>Hearth 重启后才会使用新的语言。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Restart now</source>
        <translation>立即重启</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>The system prompt new chats start with</source>
        <translation>新对话使用的系统提示词</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>New chats start with</source>
        <translation>新对话的开头</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Hardware</source>
        <translation>硬件</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Detecting…</source>
        <translation>检测中…</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Detect again</source>
        <translation>重新检测</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Engine</source>
        <translation>推理引擎</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Run models on</source>
        <translation>运行模型于</translation>
    </message>
    <message>
        <location line="+3"/>
        <location line="+6"/>
        <location line="+6"/>
        <source>Automatic</source>
        <translation>自动</translation>
    </message>
    <message>
        <location line="-11"/>
        <source>How many layers go to the GPU; 999 puts them all there.</source>
        <translation>放到 GPU 的层数；999 表示全部放到 GPU。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>GPU layers</source>
        <translation>GPU 层数</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>CPU threads</source>
        <translation>CPU 线程</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Context length</source>
        <translation>上下文长度</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Changes apply the next time a model is loaded.</source>
        <translation>更改将在下次加载模型时生效。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Data</source>
        <translation>数据</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Open folder</source>
        <translation>打开文件夹</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Data folder</source>
        <translation>数据文件夹</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Models, chats, libraries and logs live here. Set the HEARTH_HOME environment variable to use another folder.</source>
        <translation>模型、对话、文档库和日志都存放在这里。设置 HEARTH_HOME 环境变量即可改用其他文件夹。</translation>
    </message>
    <message>
        <location line="+11"/>
        <location line="+262"/>
        <source>Optional: a local model folder</source>
        <translation>可选：本地模型文件夹</translation>
    </message>
    <message>
        <location line="-258"/>
        <source>Choose…</source>
        <translation>选择…</translation>
    </message>
    <message>
        <location line="+3"/>
        <location line="+310"/>
        <source>Embedding model folder</source>
        <translation>嵌入模型文件夹</translation>
    </message>
    <message>
        <location line="-320"/>
        <source>Embedding model for new libraries</source>
        <translation>新文档库的嵌入模型</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Each library keeps its own model (change it on the library&apos;s page). The folder holds a local copy of the English model.</source>
        <translation>每个文档库各自保留自己的模型（可在文档库页面更换）。文件夹存放的是英文模型的本地副本。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Answers from libraries read more passages</source>
        <translation>基于资料库的回答读取更多段落</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Off: passages from the five best documents, so answers start sooner. On: as many as fit the model&apos;s context; the answer may take much longer to start.</source>
        <translation>关闭：只发送最相关的五个文档中的段落，回答更快开始。开启：发送模型上下文能容纳的全部段落；回答可能要等很久才开始。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Network</source>
        <translation>网络</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Offline mode: never use the network</source>
        <translation>离线模式：完全不使用网络</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>A Hugging Face mirror, e.g. a company proxy; empty: HF_ENDPOINT, else huggingface.co</source>
        <translation>Hugging Face 镜像站，例如公司的代理服务器；留空：HF_ENDPOINT，否则 huggingface.co</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Hub address</source>
        <translation>Hub 地址</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Hugging Face token</source>
        <translation>Hugging Face 令牌</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>hf_…  (for gated or private models)</source>
        <translation>hf_…（用于需授权或私有模型）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Save token</source>
        <translation>保存令牌</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>{text} is not a web address.</source>
        <translation>{text} 不是网址。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Give the mirror&apos;s address, e.g. https://hf-mirror.example, or leave it empty for huggingface.co.</source>
        <translation>请输入镜像站的地址，例如 https://hf-mirror.example；留空则使用 huggingface.co。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>API server</source>
        <translation>API 服务器</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Serve an OpenAI-compatible API to programs on this computer</source>
        <translation>为这台电脑上的程序提供兼容 OpenAI 的 API</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Port</source>
        <translation>端口</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Never</source>
        <translation>永不</translation>
    </message>
    <message>
        <location line="+1"/>
        <source> min</source>
        <translation> 分钟</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Unload a model the server loaded after this long without requests; the next request loads it again</source>
        <translation>服务器加载的模型在这段时间没有请求后卸载；下一个请求会再加载它</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Unload when idle</source>
        <translation>空闲时卸载</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <location line="+3"/>
        <location line="+76"/>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <location line="-74"/>
        <source>Traffic</source>
        <translation>使用情况</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Only programs on this computer can connect. Point an OpenAI client at the address; models are named as on the Models page, libraries as library:NAME. Requests wait for your own chats: there is one model.</source>
        <translation>只有这台电脑上的程序能连接。把 OpenAI 客户端指向这个地址；模型名称与“模型”页面相同，文档库则为 library:名称。请求会排在您自己的对话之后：模型只有一个。</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>No requests yet</source>
        <translation>还没有请求</translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>%n requests</source>
        <translation>
            <numerusform>%n 个请求</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>%n running or waiting</source>
        <translation>
            <numerusform>%n 个运行中或等待中</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>%n turned away (queue full)</source>
        <translation>
            <numerusform>%n 个被拒（队列已满）</numerusform>
        </translation>
    </message>
    <message>
        <location line="+43"/>
        <source>Not serving</source>
        <translation>未启用</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Remote engines</source>
        <translation>远程引擎</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+35"/>
        <source>None yet</source>
        <translation>还没有</translation>
    </message>
    <message>
        <location line="-32"/>
        <source>Added</source>
        <translation>已添加</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>a short name, e.g. lab</source>
        <translation>简短名称，例如 lab</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>API key, if the server needs one</source>
        <translation>API 密钥（服务器需要时）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>API key</source>
        <translation>API 密钥</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Add and find its models</source>
        <translation>添加并找出它的模型</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Remove the named one</source>
        <translation>移除这个名称的引擎</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>A remote engine is another computer&apos;s OpenAI-compatible server (llama-server, vLLM, Ollama, LM Studio, Hearth). Its models appear in the model picker; what you send them leaves this computer. Offline mode turns them off.</source>
        <translation>远程引擎是另一台电脑上兼容 OpenAI 的服务器（llama-server、vLLM、Ollama、LM Studio、Hearth）。它的模型会出现在模型列表中；发给它们的内容会离开这台电脑。离线模式会停用它们。</translation>
    </message>
    <message>
        <location line="+51"/>
        <source>About</source>
        <translation>关于</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>run language models and chat with your documents, privately, on this computer.</source>
        <translation>在这台电脑上私密地运行语言模型，并与你的文档对话。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Show open-source licenses</source>
        <translation>显示开源许可证</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>Set by HEARTH_EMBEDDING_MODEL_PATH: {path}</source>
        <translation>由 HEARTH_EMBEDDING_MODEL_PATH 设置：{path}</translation>
    </message>
    <message>
        <location line="+73"/>
        <source>Could not detect the hardware: {error}</source>
        <translation>无法检测硬件：{error}</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Unavailable: {error}</source>
        <translation>不可用：{error}</translation>
    </message>
    <message>
        <location line="+53"/>
        <source>Not set. Public models download without one.</source>
        <translation>未设置。公开模型无需令牌即可下载。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>in the system keyring</source>
        <translation>在系统密钥环中</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>in Hearth&apos;s data folder</source>
        <translation>在 Hearth 的数据文件夹中</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>from the Hugging Face CLI login</source>
        <translation>来自 Hugging Face CLI 登录</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Set ({where}).</source>
        <translation>已设置（{where}）。</translation>
    </message>
</context>
<context>
    <name>SourcePreview</name>
    <message>
        <location filename="../../desktop/widgets/source_preview.py" line="-25"/>
        <source>No app on this computer opens {kind} files, so it stays here. The file is {path}</source>
        <translation>这台电脑上没有能打开 {kind} 文件的应用，因此在这里显示。文件位置：{path}</translation>
    </message>
</context>
<context>
    <name>SourceWindow</name>
    <message>
        <location line="+81"/>
        <source>page {page}</source>
        <translation>第 {page} 页</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Loading…</source>
        <translation>加载中…</translation>
    </message>
    <message>
        <location line="+36"/>
        <source>This file has no indexed text (it may have been removed from the library).</source>
        <translation>这个文件没有已索引的文本（可能已从资料库中移除）。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>The text could not be read from the library: {error}</source>
        <translation>无法从资料库读取文本：{error}</translation>
    </message>
</context>
<context>
    <name>Sources</name>
    <message>
        <location filename="../../desktop/widgets/sources.py" line="-151"/>
        <source>source</source>
        <translation>来源</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>p. {page}</source>
        <translation>第 {page} 页</translation>
    </message>
</context>
<context>
    <name>SourcesPanel</name>
    <message>
        <location line="+16"/>
        <source>Sources</source>
        <translation>来源</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Hide sources</source>
        <translation>隐藏来源</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Click a source to open it at the cited page.</source>
        <translation>点击来源，即可打开到引用的页面。</translation>
    </message>
    <message>
        <location line="+58"/>
        <source>cited</source>
        <translation>已引用</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>~ restated, not cited</source>
        <translation>~ 有复述，未引用</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>not cited</source>
        <translation>未引用</translation>
    </message>
</context>
<context>
    <name>StatusBar</name>
    <message>
        <location filename="../../desktop/widgets/status.py" line="+17"/>
        <source>Model busy</source>
        <translation>模型忙碌中</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Indexing</source>
        <translation>正在建立索引</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Working</source>
        <translation>处理中</translation>
    </message>
    <message>
        <location line="+36"/>
        <source>Loading {model}…</source>
        <translation>正在加载 {model}…</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>No model loaded</source>
        <translation>未加载模型</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>all layers on GPU</source>
        <translation>所有层都在 GPU</translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>%n GPU layers</source>
        <translation>
            <numerusform>%n 层在 GPU</numerusform>
        </translation>
    </message>
    <message>
        <location line="+1"/>
        <source>context {n}</source>
        <translation>上下文 {n}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Fell back to CPU: {reason}</source>
        <translation>已改用 CPU：{reason}</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Memory {used} · {free} free</source>
        <translation>内存 {used} · 可用 {free}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Hearth uses {used}; the system has {free} of {total} available.</source>
        <translation>Hearth 使用 {used}；系统共 {total}，可用 {free}。</translation>
    </message>
</context>
</TS>
