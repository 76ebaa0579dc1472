<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_TW">
<context>
    <name>About</name>
    <message>
        <location filename="../../desktop/views/about.py" line="+33"/>
        <source>see package</source>
        <translation>請見套件</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Hearth is licensed under Apache-2.0. It is built on:</source>
        <translation>Hearth 採用 Apache-2.0 授權。它建構於：</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Models you download keep their own licences; see each model&apos;s page.</source>
        <translation>下載的模型各有其授權；請見各模型的頁面。</translation>
    </message>
</context>
<context>
    <name>ChatListPanel</name>
    <message>
        <location filename="../../desktop/views/chat_list.py" line="+49"/>
        <source>Search chats</source>
        <translation>搜尋對話</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>New</source>
        <translation>新增</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>New chat (Ctrl+N)</source>
        <translation>新對話（Ctrl+N）</translation>
    </message>
    <message>
        <location line="+51"/>
        <source>New chat</source>
        <translation>新對話</translation>
    </message>
    <message>
        <location line="+53"/>
        <source>Rename…</source>
        <translation>重新命名…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Export as Markdown…</source>
        <translation>匯出為 Markdown…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Export as JSON…</source>
        <translation>匯出為 JSON…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Delete…</source>
        <translation>刪除…</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Rename chat</source>
        <translation>重新命名對話</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Title:</source>
        <translation>標題：</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Delete chat</source>
        <translation>刪除對話</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Delete “{title}” and all its messages?</source>
        <translation>要刪除「{title}」及其所有訊息嗎？</translation>
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
        <translation>匯出對話</translation>
    </message>
</context>
<context>
    <name>ChatPage</name>
    <message>
        <location filename="../../desktop/views/chat_page.py" line="+147"/>
        <source>Show your chats</source>
        <translation>顯示你的對話</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Chats</source>
        <translation>對話</translation>
    </message>
    <message>
        <location line="+6"/>
        <location line="+171"/>
        <location line="+61"/>
        <location filename="../../desktop/views/chat_reply.py" line="+242"/>
        <source>New chat</source>
        <translation>新對話</translation>
    </message>
    <message>
        <location line="-219"/>
        <source>The model that writes replies in this chat</source>
        <translation>在這個對話中撰寫回覆的模型</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Sources</source>
        <translation>來源</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The documents the last answer cites</source>
        <translation>上一個回答引用的文件</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Libraries</source>
        <translation>文件庫</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Answer from your documents: attach libraries to this chat</source>
        <translation>根據您的文件回答：為這個對話加入文件庫</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Settings</source>
        <translation>設定</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>System prompt, sampling, libraries for this chat</source>
        <translation>這個對話的系統提示詞、取樣與文件庫</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Rename, export or delete this chat</source>
        <translation>重新命名、匯出或刪除這個對話</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Rename…</source>
        <translation>重新命名…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Export as Markdown…</source>
        <translation>匯出為 Markdown…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Export as JSON…</source>
        <translation>匯出為 JSON…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Delete…</source>
        <translation>刪除…</translation>
    </message>
    <message>
        <location line="+63"/>
        <source>No models installed</source>
        <translation>尚未安裝模型</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>↗ Sent to {host}</source>
        <translation>↗ 傳送到 {host}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>This model runs on {server}: your messages, the chat&apos;s history and any library passages are sent there.</source>
        <translation>這個模型在 {server} 上執行：您的訊息、對話紀錄與引用的文件庫段落都會傳送到那裡。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Ask anything. This model runs on {host}: what you send goes there.</source>
        <translation>儘管問。這個模型在 {host} 上執行：您傳送的內容會送到那裡。</translation>
    </message>
    <message>
        <location line="+143"/>
        <source>You</source>
        <translation>你</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Assistant</source>
        <translation>助理</translation>
    </message>
    <message>
        <location line="+41"/>
        <source>No libraries yet</source>
        <translation>還沒有文件庫</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Manage libraries…</source>
        <translation>管理文件庫…</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Answers from: {libraries}</source>
        <translation>回答來源：{libraries}</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>Sources ({n})</source>
        <translation>來源（{n}）</translation>
    </message>
    <message>
        <location filename="../../desktop/views/chat_reply.py" line="-192"/>
        <source>No model to answer with.</source>
        <translation>沒有可用來回答的模型。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Install one on the Models page, or import a GGUF file.</source>
        <translation>請在「模型」頁面安裝一個，或匯入 GGUF 檔案。</translation>
    </message>
    <message>
        <location line="+82"/>
        <source>Loading {model}…</source>
        <translation>正在載入 {model}…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Looking through your libraries…</source>
        <translation>正在搜尋你的文件庫…</translation>
    </message>
    <message>
        <location line="+52"/>
        <source>Reading {done} of {total} tokens…</source>
        <translation>正在讀取 {done} / {total} 個詞元…</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>about {seconds} s left</source>
        <translation>約剩 {seconds} 秒</translation>
    </message>
</context>
<context>
    <name>ChatSettingsPanel</name>
    <message>
        <location filename="../../desktop/views/chat_settings.py" line="+64"/>
        <source>Chat settings</source>
        <translation>對話設定</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Hide chat settings</source>
        <translation>隱藏對話設定</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>How the assistant should behave</source>
        <translation>助理應有的行為方式</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>System prompt</source>
        <translation>系統提示詞</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Sampling</source>
        <translation>取樣</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Random</source>
        <translation>隨機</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Auto</source>
        <translation>自動</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Temperature</source>
        <translation>溫度</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Repeat penalty</source>
        <translation>重複懲罰</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Max tokens</source>
        <translation>最大 token 數</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Seed</source>
        <translation>種子</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Context length</source>
        <translation>上下文長度</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>One stop sequence per line</source>
        <translation>每行一個停止序列</translation>
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
        <translation>請模型先逐步推理再回答：較慢，但困難的問題常答得更好</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Few-shot examples</source>
        <translation>少樣本範例</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>User</source>
        <translation>使用者</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Assistant</source>
        <translation>助理</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Add example</source>
        <translation>新增範例</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Libraries</source>
        <translation>文件庫</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Answers use and cite the checked libraries.</source>
        <translation>回答會使用並引用勾選的文件庫。</translation>
    </message>
    <message>
        <location line="+100"/>
        <source>No libraries yet — create one on the Libraries page.</source>
        <translation>還沒有文件庫——請在「文件庫」頁面建立。</translation>
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
        <translation>進度</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Speed</source>
        <translation>速度</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>ETA</source>
        <translation>剩餘時間</translation>
    </message>
    <message>
        <location line="+1"/>
        <location filename="../../desktop/qtmodels/library_tables.py" line="+136"/>
        <source>Status</source>
        <translation>狀態</translation>
    </message>
    <message>
        <location filename="../../desktop/qtmodels/library_tables.py" line="-1"/>
        <location line="+61"/>
        <location filename="../../desktop/qtmodels/models_hub.py" line="+46"/>
        <source>File</source>
        <translation>檔案</translation>
    </message>
    <message>
        <location line="-58"/>
        <source>Details</source>
        <translation>詳細資訊</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Pages</source>
        <translation>頁數</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Chunks</source>
        <translation>區塊</translation>
    </message>
    <message>
        <location line="+54"/>
        <source>#</source>
        <translation>#</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Page</source>
        <translation>頁</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Score</source>
        <translation>分數</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Snippet</source>
        <translation>摘錄</translation>
    </message>
    <message>
        <location filename="../../desktop/qtmodels/models_hub.py" line="-63"/>
        <source>Repository</source>
        <translation>儲存庫</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Downloads</source>
        <translation>下載</translation>
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
        <translation>授權</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+42"/>
        <source>Fit</source>
        <translation>適配</translation>
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
        <translation>名稱</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Context</source>
        <translation>上下文</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Architecture</source>
        <translation>架構</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Runs on</source>
        <translation>執行於</translation>
    </message>
</context>
<context>
    <name>Common</name>
    <message>
        <location filename="../../desktop/widgets/common.py" line="+50"/>
        <source>Delete</source>
        <translation>刪除</translation>
    </message>
</context>
<context>
    <name>Composer</name>
    <message>
        <location filename="../../desktop/views/composer.py" line="+47"/>
        <source>Editing a message: sending replaces it and the replies after it.</source>
        <translation>正在編輯訊息：傳送後會取代它以及之後的回覆。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Message  (Enter to send, Shift+Enter for a new line)</source>
        <translation>訊息（按 Enter 傳送，Shift+Enter 換行）</translation>
    </message>
    <message>
        <location line="+6"/>
        <location line="+24"/>
        <source>Send</source>
        <translation>傳送</translation>
    </message>
    <message>
        <location line="-22"/>
        <location line="+24"/>
        <source>Send (Ctrl+Enter)</source>
        <translation>傳送（Ctrl+Enter）</translation>
    </message>
    <message>
        <location line="-2"/>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Stop the reply (Esc)</source>
        <translation>停止回覆（Esc）</translation>
    </message>
</context>
<context>
    <name>DiscoverPanel</name>
    <message>
        <location filename="../../desktop/views/discover_panel.py" line="+47"/>
        <source>Most downloaded</source>
        <translation>下載最多</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Most liked</source>
        <translation>最多人喜歡</translation>
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
        <translation>搜尋 Hugging Face——例如 qwen2.5 instruct</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Search</source>
        <translation>搜尋</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>Choose a model to see its files</source>
        <translation>選擇模型以查看其檔案</translation>
    </message>
    <message>
        <location line="+22"/>
        <location line="+235"/>
        <location line="+4"/>
        <source>Download</source>
        <translation>下載</translation>
    </message>
    <message>
        <location line="-184"/>
        <source>Recommended starter models — or search the Hub above</source>
        <translation>推薦的入門模型——或在上方搜尋 Hub</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Searching for “{query}”…</source>
        <translation>正在搜尋「{query}」…</translation>
    </message>
    <message numerus="yes">
        <location line="+10"/>
        <source>%n results for “{query}”</source>
        <translation>
            <numerusform>「{query}」共 %n 筆結果</numerusform>
        </translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Nothing found for “{query}”</source>
        <translation>找不到「{query}」的結果</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Search failed</source>
        <translation>搜尋失敗</translation>
    </message>
    <message>
        <location line="+47"/>
        <source>Reading the files and their headers…</source>
        <translation>正在讀取檔案及其標頭…</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>None of these files fits this computer&apos;s memory.</source>
        <translation>這些檔案都放不進這台電腦的記憶體。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>This repository has no GGUF or MLC model files.</source>
        <translation>這個儲存庫沒有 GGUF 或 MLC 模型檔案。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Could not read this repository&apos;s files.</source>
        <translation>無法讀取這個儲存庫的檔案。</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>{n} downloads</source>
        <translation>{n} 次下載</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{n} likes</source>
        <translation>{n} 個喜歡</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>updated {date}</source>
        <translation>更新於 {date}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>license {license}</source>
        <translation>授權 {license}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&lt;b&gt;gated&lt;/b&gt;: needs a Hugging Face token (Settings)</source>
        <translation>&lt;b&gt;需授權&lt;/b&gt;：需要 Hugging Face 權杖（設定）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>suggested file {file}</source>
        <translation>建議檔案 {file}</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>Installed ✓</source>
        <translation>已安裝 ✓</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Downloading {percent} %</source>
        <translation>下載中 {percent} %</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Queued…</source>
        <translation>排隊中…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Verifying…</source>
        <translation>驗證中…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Resume ({percent} %)</source>
        <translation>繼續（{percent} %）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Retry download</source>
        <translation>重新下載</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Download anyway</source>
        <translation>仍要下載</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Pause or cancel it on the Downloads tab</source>
        <translation>在「下載」分頁暫停或取消</translation>
    </message>
</context>
<context>
    <name>Downloads</name>
    <message>
        <location filename="../../desktop/qtmodels/downloads_table.py" line="-113"/>
        <source>Queued</source>
        <translation>排隊中</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Downloading</source>
        <translation>下載中</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Paused</source>
        <translation>已暫停</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Verifying</source>
        <translation>驗證中</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Done</source>
        <translation>完成</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Failed</source>
        <translation>失敗</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <location line="+51"/>
        <source>{done} of {total}</source>
        <translation>{done}／{total}</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Failed: {error}</source>
        <translation>失敗：{error}</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Installed as {model}. Double-click to show it.</source>
        <translation>已安裝為 {model}。按兩下即可顯示。</translation>
    </message>
</context>
<context>
    <name>DownloadsPanel</name>
    <message>
        <location filename="../../desktop/views/downloads_panel.py" line="+147"/>
        <source>&lt;h3&gt;No downloads&lt;/h3&gt;&lt;p&gt;Pick a model on the &lt;b&gt;Discover&lt;/b&gt; tab and press &lt;b&gt;Download&lt;/b&gt;.&lt;br&gt;Interrupted downloads resume where they stopped.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;沒有下載項目&lt;/h3&gt;&lt;p&gt;在&lt;b&gt;探索&lt;/b&gt;分頁選擇模型，再按&lt;b&gt;下載&lt;/b&gt;。&lt;br&gt;中斷的下載會從停止處繼續。&lt;/p&gt;</translation>
    </message>
    <message>
        <location filename="../../desktop/qtmodels/downloads_table.py" line="-84"/>
        <location filename="../../desktop/views/downloads_panel.py" line="+9"/>
        <source>Pause</source>
        <translation>暫停</translation>
    </message>
    <message>
        <location line="+1"/>
        <location filename="../../desktop/views/downloads_panel.py" line="+1"/>
        <source>Resume</source>
        <translation>繼續</translation>
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
        <translation>重試</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Show</source>
        <translation>顯示</translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/views/downloads_panel.py" line="+85"/>
        <source>%n downloading</source>
        <translation>
            <numerusform>%n 個下載中</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>%n queued</source>
        <translation>
            <numerusform>%n 個排隊中</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>%n paused</source>
        <translation>
            <numerusform>%n 個已暫停</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>%n failed</source>
        <translation>
            <numerusform>%n 個失敗</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>EmbeddingPicker</name>
    <message>
        <location filename="../../desktop/widgets/embedding_picker.py" line="+20"/>
        <source>Automatic (from the documents&apos; languages)</source>
        <translation>自動（依文件的語言選擇）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Multilingual: USE v3, 16 languages, no download</source>
        <translation>多語言：USE v3，16 種語言，免下載</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>English: MiniLM, best for English only</source>
        <translation>英文：MiniLM，只適合英文</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Multilingual MiniLM: 50 languages, 220 MB download</source>
        <translation>多語言 MiniLM：50 種語言，需下載 220 MB</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Multilingual E5 large: 100 languages, 2.2 GB download</source>
        <translation>多語言 E5 large：100 種語言，需下載 2.2 GB</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>multilingual USE v3</source>
        <translation>多語言 USE v3</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>English MiniLM</source>
        <translation>英文 MiniLM</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>Automatic: chose {model}</source>
        <translation>自動：已選 {model}</translation>
    </message>
</context>
<context>
    <name>ErrorBar</name>
    <message>
        <location filename="../../desktop/widgets/errors.py" line="+98"/>
        <location line="+32"/>
        <source>Copy details</source>
        <translation>複製詳細資訊</translation>
    </message>
    <message>
        <location line="-28"/>
        <source>Dismiss</source>
        <translation>關閉</translation>
    </message>
    <message numerus="yes">
        <location line="+17"/>
        <source>(+%n more)</source>
        <translation>
            <numerusform>（另有 %n 則）</numerusform>
        </translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Copied</source>
        <translation>已複製</translation>
    </message>
</context>
<context>
    <name>ErrorInfo</name>
    <message>
        <location line="-86"/>
        <source>Something went wrong: {error}</source>
        <translation>發生錯誤：{error}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The details were written to the log; please report them if this repeats.</source>
        <translation>詳細資訊已寫入記錄檔；若再次發生，請回報。</translation>
    </message>
</context>
<context>
    <name>ExternalBar</name>
    <message>
        <location filename="../../desktop/widgets/source_preview.py" line="+46"/>
        <source>Open in default app</source>
        <translation>用預設應用程式開啟</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Copy path</source>
        <translation>複製路徑</translation>
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
        <translation>沒有文字</translation>
    </message>
    <message>
        <location line="+1"/>
        <location filename="../../desktop/views/library_files.py" line="-1"/>
        <source>Failed</source>
        <translation>失敗</translation>
    </message>
    <message>
        <location line="+1"/>
        <location filename="../../desktop/views/library_files.py" line="+2"/>
        <source>Unsupported</source>
        <translation>不支援</translation>
    </message>
    <message>
        <location line="+1"/>
        <location filename="../../desktop/views/library_files.py" line="+1"/>
        <source>Pending</source>
        <translation>待處理</translation>
    </message>
    <message numerus="yes">
        <location line="+12"/>
        <source>%n indexed</source>
        <translation>
            <numerusform>%n 個已建立索引</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>%n with no text</source>
        <translation>
            <numerusform>%n 個沒有文字</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>%n failed</source>
        <translation>
            <numerusform>%n 個失敗</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>%n unsupported</source>
        <translation>
            <numerusform>%n 個不支援</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>%n pending</source>
        <translation>
            <numerusform>%n 個待處理</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../desktop/views/library_files.py" line="-5"/>
        <source>All files</source>
        <translation>所有檔案</translation>
    </message>
</context>
<context>
    <name>FirstRunPage</name>
    <message>
        <location filename="../../desktop/views/first_run.py" line="+60"/>
        <source>no GPU</source>
        <translation>沒有 GPU</translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>%n threads</source>
        <translation>
            <numerusform>%n 個執行緒</numerusform>
        </translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{total} RAM ({free} free)</source>
        <translation>{total} 記憶體（可用 {free}）</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>needs {needed} of {ram} RAM</source>
        <translation>需要 {needed}（共 {ram} 記憶體）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>needs {needed}</source>
        <translation>需要 {needed}</translation>
    </message>
    <message>
        <location line="+74"/>
        <source>Welcome to Hearth</source>
        <translation>歡迎使用 Hearth</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Chat with language models and your own documents — privately, on this computer. Pick a starter model to download, or import one you have.</source>
        <translation>和語言模型以及你自己的文件對話——私密地，在這台電腦上。選一個入門模型下載，或匯入你已有的模型。</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>This computer</source>
        <translation>這台電腦</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Looking at the hardware…</source>
        <translation>正在檢查硬體…</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Starter models</source>
        <translation>入門模型</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Already have a model file?</source>
        <translation>已經有模型檔案了嗎？</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Import a GGUF file…</source>
        <translation>匯入 GGUF 檔案…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Browse all models</source>
        <translation>瀏覽所有模型</translation>
    </message>
    <message>
        <location line="+62"/>
        <source>Starting…</source>
        <translation>開始中…</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Downloading</source>
        <translation>下載中</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Downloading {model}. Hearth opens a chat when it is ready; the Models page shows the details.</source>
        <translation>正在下載 {model}。完成後 Hearth 會開啟對話；詳細資訊請見「模型」頁面。</translation>
    </message>
    <message>
        <location line="+5"/>
        <location line="+24"/>
        <source>Download</source>
        <translation>下載</translation>
    </message>
    <message>
        <location line="-5"/>
        <source>Installed</source>
        <translation>已安裝</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Downloading {model} failed: {error}</source>
        <translation>下載 {model} 失敗：{error}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Check the connection and try again.</source>
        <translation>請檢查網路連線後再試一次。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Import a model</source>
        <translation>匯入模型</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>GGUF models (*.gguf);;All files (*)</source>
        <translation>GGUF 模型 (*.gguf);;所有檔案 (*)</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Importing {file}…</source>
        <translation>正在匯入 {file}…</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Imported {model}.</source>
        <translation>已匯入 {model}。</translation>
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
        <translation>以 CPU 執行</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>~{n} tok/s</source>
        <translation>約 {n} tok/s</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>Measured here with this file: {n} tokens/s</source>
        <translation>在這台電腦上用這個檔案實測：每秒 {n} 個 token</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Estimated from {model} at {n} tokens/s here: each token reads the whole file, {rate} a second</source>
        <translation>依 {model} 在這台電腦上的每秒 {n} 個 token 估算：每個 token 都要讀過整個檔案，每秒 {rate}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Estimated: each token reads the whole file, at a typical {rate} a second for this memory; a first reply measures it</source>
        <translation>估算值：每個 token 都要讀過整個檔案，這種記憶體通常每秒 {rate}；第一次回覆後會改用實測值</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Green: {n} tokens/s or more, about as fast as one reads; amber: slower</source>
        <translation>綠色：每秒 {n} 個 token 以上，約與閱讀速度相當；琥珀色：較慢</translation>
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
        <translation>剛剛</translation>
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
            <numerusform>%n 小時前</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>%n minutes ago</source>
        <translation>
            <numerusform>%n 分鐘前</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>HubTables</name>
    <message>
        <location filename="../../desktop/qtmodels/models_hub.py" line="+102"/>
        <location line="+42"/>
        <source>License: {license}</source>
        <translation>授權：{license}</translation>
    </message>
    <message>
        <location line="-40"/>
        <source>Gated: needs a Hugging Face token with access</source>
        <translation>需授權：需要具有存取權的 Hugging Face 權杖</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>gated</source>
        <translation>需授權</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Recommended: the best starter for this computer</source>
        <translation>推薦：最適合這台電腦的入門模型</translation>
    </message>
    <message numerus="yes">
        <location line="+16"/>
        <source>%n parts</source>
        <translation>
            <numerusform>%n 個部分</numerusform>
        </translation>
    </message>
    <message>
        <location line="+2"/>
        <source>vision projector</source>
        <translation>視覺投影器</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>installed</source>
        <translation>已安裝</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Recommended: the best quantization that fits this computer</source>
        <translation>推薦：最適合這台電腦的量化版本</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Fit unknown: {error}</source>
        <translation>無法判斷是否適配：{error}</translation>
    </message>
</context>
<context>
    <name>InstalledPanel</name>
    <message>
        <location filename="../../desktop/views/models_page.py" line="+80"/>
        <source>Can&apos;t be used</source>
        <translation>無法使用</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Import GGUF…</source>
        <translation>匯入 GGUF…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Copy a .gguf model file into Hearth (or drop files here)</source>
        <translation>把 .gguf 模型檔案複製到 Hearth（或把檔案拖放到這裡）</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+118"/>
        <source>Load</source>
        <translation>載入</translation>
    </message>
    <message>
        <location line="-116"/>
        <source>Unload</source>
        <translation>卸載</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Delete…</source>
        <translation>刪除…</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Drop .gguf files here to import them</source>
        <translation>把 .gguf 檔案拖放到這裡即可匯入</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>&lt;h3&gt;No models yet&lt;/h3&gt;&lt;p&gt;Drop a &lt;b&gt;.gguf&lt;/b&gt; file here, choose &lt;b&gt;Import GGUF…&lt;/b&gt;,&lt;br&gt;or find one on the &lt;b&gt;Discover&lt;/b&gt; tab.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;還沒有模型&lt;/h3&gt;&lt;p&gt;把 &lt;b&gt;.gguf&lt;/b&gt; 檔案拖放到這裡、選擇&lt;b&gt;匯入 GGUF…&lt;/b&gt;，&lt;br&gt;或在&lt;b&gt;探索&lt;/b&gt;分頁尋找模型。&lt;/p&gt;</translation>
    </message>
    <message>
        <location line="+48"/>
        <source>can&apos;t run here</source>
        <translation>無法在此執行</translation>
    </message>
    <message>
        <location line="+44"/>
        <source>Loading {model}…</source>
        <translation>正在載入 {model}…</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>{n} parameters</source>
        <translation>{n} 個參數</translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>%n layers</source>
        <translation>
            <numerusform>%n 層</numerusform>
        </translation>
    </message>
    <message>
        <location line="+3"/>
        <source>from {source}</source>
        <translation>來自 {source}</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Can&apos;t be used: {problem}</source>
        <translation>無法使用：{problem}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Delete removes the file.</source>
        <translation>「刪除」會移除這個檔案。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Loaded on &lt;b&gt;{where}&lt;/b&gt; with a {n}-token context</source>
        <translation>已載入於 &lt;b&gt;{where}&lt;/b&gt;，上下文長度 {n} 個 token</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Runs on &lt;b&gt;{where}&lt;/b&gt;: {reason}</source>
        <translation>執行於 &lt;b&gt;{where}&lt;/b&gt;：{reason}</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Delete model</source>
        <translation>刪除模型</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Delete {model} ({size})?

The file is removed from Hearth&apos;s models folder.</source>
        <translation>要刪除 {model}（{size}）嗎？

檔案會從 Hearth 的模型資料夾中移除。</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>Import models</source>
        <translation>匯入模型</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>GGUF models (*.gguf);;All files (*)</source>
        <translation>GGUF 模型 (*.gguf);;所有檔案 (*)</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>Importing {file}…</source>
        <translation>正在匯入 {file}…</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Importing {file}</source>
        <translation>正在匯入 {file}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{done} of {total}</source>
        <translation>{done}／{total}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{time} left</source>
        <translation>剩餘 {time}</translation>
    </message>
    <message numerus="yes">
        <location line="+29"/>
        <source>Skipped %n files that are not GGUF models.</source>
        <translation>
            <numerusform>已略過 %n 個不是 GGUF 模型的檔案。</numerusform>
        </translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Only .gguf files can be imported; MLC models come from the Hub.</source>
        <translation>只能匯入 .gguf 檔案；MLC 模型請從 Hub 下載。</translation>
    </message>
</context>
<context>
    <name>Libraries</name>
    <message numerus="yes">
        <location filename="../../desktop/qtmodels/library_tables.py" line="+9"/>
        <location filename="../../desktop/views/library_files.py" line="+85"/>
        <source>%n files</source>
        <translation>
            <numerusform>%n 個檔案</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>%Ln chunks</source>
        <translation>
            <numerusform>%Ln 個區塊</numerusform>
        </translation>
    </message>
    <message>
        <location line="+6"/>
        <source>No folders or files yet</source>
        <translation>還沒有資料夾或檔案</translation>
    </message>
</context>
<context>
    <name>LibrariesPage</name>
    <message>
        <location filename="../../desktop/views/libraries_page.py" line="+64"/>
        <source>watching</source>
        <translation>監看中</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>damaged: select it to repair</source>
        <translation>已損壞：選取它以修復</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>New library…</source>
        <translation>新增文件庫…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Rename…</source>
        <translation>重新命名…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Delete…</source>
        <translation>刪除…</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>&lt;h3&gt;No libraries yet&lt;/h3&gt;&lt;p&gt;A library is a set of folders and files that Hearth indexes on this computer,&lt;br&gt;so chats can search them and cite the page an answer came from.&lt;/p&gt;&lt;p&gt;Press &lt;b&gt;New library…&lt;/b&gt; to start.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;還沒有文件庫&lt;/h3&gt;&lt;p&gt;文件庫是一組由 Hearth 在這台電腦上建立索引的資料夾和檔案，&lt;br&gt;讓對話可以搜尋它們，並引用答案出處的頁面。&lt;/p&gt;&lt;p&gt;按&lt;b&gt;新增文件庫…&lt;/b&gt;開始。&lt;/p&gt;</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Libraries</source>
        <translation>文件庫</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Your documents, indexed on this computer for grounded answers.</source>
        <translation>你的文件，在這台電腦上建立索引，讓回答有所依據。</translation>
    </message>
    <message>
        <location line="+74"/>
        <source>New library</source>
        <translation>新增文件庫</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Name:</source>
        <translation>名稱：</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Rename library</source>
        <translation>重新命名文件庫</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>New name:</source>
        <translation>新名稱：</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>Delete library</source>
        <translation>刪除文件庫</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Delete the library “{name}”?

Its index is removed; your documents are not touched.</source>
        <translation>要刪除文件庫「{name}」嗎？

它的索引會被移除；你的文件不會受影響。</translation>
    </message>
</context>
<context>
    <name>LibraryDetail</name>
    <message>
        <location filename="../../desktop/views/library_detail.py" line="+48"/>
        <source>files</source>
        <translation>個檔案</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>{time} left</source>
        <translation>剩餘 {time}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Starting…</source>
        <translation>開始中…</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Documents ({patterns});;All files (*)</source>
        <translation>文件 ({patterns});;所有檔案 (*)</translation>
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
            <numerusform>已為 %n 個檔案建立索引</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>%Ln chunks in {seconds} s ({rate}/s)</source>
        <translation>
            <numerusform>%Ln 個區塊，費時 {seconds} 秒（每秒 {rate} 個）</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+4"/>
        <source>%n unchanged</source>
        <translation>
            <numerusform>%n 個未變更</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+6"/>
        <source>%n removed</source>
        <translation>
            <numerusform>%n 個已移除</numerusform>
        </translation>
    </message>
    <message>
        <location line="+27"/>
        <source>Add folder…</source>
        <translation>新增資料夾…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Add files…</source>
        <translation>新增檔案…</translation>
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
        <translation>為新增和變更的檔案建立索引（未變更的會保留）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Re-index all</source>
        <translation>全部重新索引</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Rebuild the whole index from the documents</source>
        <translation>從文件重新建立整個索引</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Watch for changes</source>
        <translation>監看變更</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Pick up new, edited and deleted files while Hearth runs</source>
        <translation>Hearth 執行時自動處理新增、編輯和刪除的檔案</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Chat with this library</source>
        <translation>用這個文件庫對話</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A new chat whose answers come from these documents, with citations</source>
        <translation>開一個新對話，回答來自這些文件並附上引用</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The model that turns passages into meaning for search; a change re-embeds every file</source>
        <translation>把段落轉成語意以供搜尋的模型；更換後每個檔案都會重新嵌入</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Embedding model:</source>
        <translation>嵌入模型：</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>Repair</source>
        <translation>修復</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Check the library&apos;s storage and mend it; only files whose passages are missing are indexed again</source>
        <translation>檢查文件庫的儲存並修復；只會重新索引缺少段落的檔案</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>Files</source>
        <translation>檔案</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sources</source>
        <translation>來源</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Search</source>
        <translation>搜尋</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>Change the embedding model</source>
        <translation>更換嵌入模型</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Every file of {name} is embedded again with {model}. Search finds only the files done so far until it finishes; you can stop it and resume later with Update index.</source>
        <translation>「{name}」的每個檔案都會用 {model} 重新嵌入。完成之前，搜尋只會找到已處理的檔案；你可以中途停止，之後按「更新索引」繼續。</translation>
    </message>
    <message>
        <location line="+43"/>
        <source>Press Repair to mend it.</source>
        <translation>按「修復」即可修好。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>This library was {reason}. Press Re-index all to rebuild it with the current model.</source>
        <translation>這個文件庫是{reason}。按「全部重新索引」即可用目前的模型重建。</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>Update index</source>
        <translation>更新索引</translation>
    </message>
    <message>
        <location line="+46"/>
        <source>Add a folder</source>
        <translation>新增資料夾</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Add files</source>
        <translation>新增檔案</translation>
    </message>
    <message>
        <location line="+61"/>
        <source>nothing needed mending</source>
        <translation>沒有需要修復的地方</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Repaired: {what}.</source>
        <translation>已修復：{what}。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Indexing cancelled. Files finished so far are kept; Update index continues from there.</source>
        <translation>已取消建立索引。已完成的檔案會保留；「更新索引」會從那裡繼續。</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Indexing {library}: looking for files…</source>
        <translation>正在為 {library} 建立索引：尋找檔案中…</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Indexing {library}: {progress}</source>
        <translation>正在為 {library} 建立索引：{progress}</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Cancelling — finishing the current file…</source>
        <translation>正在取消，先完成目前的檔案…</translation>
    </message>
</context>
<context>
    <name>LibraryFilesPanel</name>
    <message>
        <location filename="../../desktop/views/library_files.py" line="-70"/>
        <source>Drop more folders or files here to add them</source>
        <translation>把更多資料夾或檔案拖放到這裡即可加入</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>&lt;p style=&apos;font-size:13pt&apos;&gt;Drop folders or files here&lt;/p&gt;&lt;p&gt;PDF, Word, Markdown, text, HTML, EPUB and source code.&lt;br&gt;Hearth keeps your files where they are; only an index is stored.&lt;/p&gt;</source>
        <translation>&lt;p style=&apos;font-size:13pt&apos;&gt;把資料夾或檔案拖放到這裡&lt;/p&gt;&lt;p&gt;PDF、Word、Markdown、純文字、HTML、EPUB 和原始碼。&lt;br&gt;Hearth 不會搬動你的檔案，只會儲存索引。&lt;/p&gt;</translation>
    </message>
</context>
<context>
    <name>LibrarySearchPanel</name>
    <message>
        <location filename="../../desktop/views/library_search.py" line="+35"/>
        <source>Ask something your documents answer…</source>
        <translation>問一個你的文件能回答的問題…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Search</source>
        <translation>搜尋</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Select a hit to read the whole passage.</source>
        <translation>選擇一筆結果即可閱讀完整段落。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Hybrid search: meaning (embeddings) and words (BM25), fused.</source>
        <translation>混合搜尋：結合語意（嵌入）與字詞（BM25）。</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>Searching {library}…</source>
        <translation>正在搜尋 {library}…</translation>
    </message>
    <message numerus="yes">
        <location line="+10"/>
        <source>%n best passages for “{query}”</source>
        <translation>
            <numerusform>「{query}」的 %n 個最佳段落</numerusform>
        </translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Nothing in {library} matches “{query}”.</source>
        <translation>{library} 中沒有符合「{query}」的內容。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Search failed.</source>
        <translation>搜尋失敗。</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>page {page}</source>
        <translation>第 {page} 頁</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>score {score}</source>
        <translation>分數 {score}</translation>
    </message>
</context>
<context>
    <name>LibrarySourcesPanel</name>
    <message>
        <location filename="../../desktop/views/library_files.py" line="+69"/>
        <source>Remove from library</source>
        <translation>從文件庫移除</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Stop indexing this folder or file (the documents themselves are not touched)</source>
        <translation>不再為這個資料夾或檔案建立索引（文件本身不受影響）</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../desktop/main_window.py" line="+41"/>
        <source>Chats</source>
        <translation>對話</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Models</source>
        <translation>模型</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Libraries</source>
        <translation>文件庫</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+142"/>
        <source>Settings</source>
        <translation>設定</translation>
    </message>
    <message>
        <location line="-107"/>
        <source>Check them on the Settings page.</source>
        <translation>請到「設定」頁面檢查。</translation>
    </message>
    <message>
        <location line="+102"/>
        <source>New chat</source>
        <translation>新對話</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Search chats</source>
        <translation>搜尋對話</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Send the message (Shift+Enter: a new line)</source>
        <translation>送出訊息（Shift+Enter：換行）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Stop the reply, or hide the error bar</source>
        <translation>停止回覆，或隱藏錯誤列</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Chats, Models, Libraries, Settings</source>
        <translation>對話、模型、文件庫、設定</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>This list</source>
        <translation>這份清單</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Quit</source>
        <translation>結束</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Keyboard shortcuts</source>
        <translation>鍵盤快速鍵</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>This page could not be opened. See the error above.</source>
        <translation>無法開啟這個頁面。請見上方的錯誤訊息。</translation>
    </message>
</context>
<context>
    <name>Markdown</name>
    <message>
        <location filename="../../desktop/markdown.py" line="+101"/>
        <source>code</source>
        <translation>程式碼</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Copy</source>
        <translation>複製</translation>
    </message>
</context>
<context>
    <name>MessageView</name>
    <message>
        <location filename="../../desktop/widgets/message_view.py" line="+371"/>
        <source>Ask anything. Replies are written on this computer; nothing leaves it.</source>
        <translation>想問什麼都可以。回覆在這台電腦上產生，資料不會離開它。</translation>
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
        <translation>助理</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Previous version</source>
        <translation>上一個版本</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Next version</source>
        <translation>下一個版本</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Copy</source>
        <translation>複製</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Copy this message</source>
        <translation>複製這則訊息</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Edit</source>
        <translation>編輯</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Edit and resend</source>
        <translation>編輯後重新傳送</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Regenerate</source>
        <translation>重新產生</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Write this reply again</source>
        <translation>重新撰寫這則回覆</translation>
    </message>
    <message>
        <location line="+47"/>
        <source>[~n]: the passage of source n this sentence restates (the model did not cite it; matched by meaning)</source>
        <translation>[~n]：這句話所複述的來源 n 段落（模型沒有標註出處，依語意比對）</translation>
    </message>
    <message>
        <location line="+60"/>
        <source>writing…</source>
        <translation>撰寫中…</translation>
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
        <translation>失敗</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>first token {ms} ms</source>
        <translation>首個 token {ms} 毫秒</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{prompt} prompt + {reply} reply tokens</source>
        <translation>提示 {prompt} + 回覆 {reply} 個 token</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>hit the token limit</source>
        <translation>已達 token 上限</translation>
    </message>
    <message numerus="yes">
        <location line="+8"/>
        <source>%n older messages left out so the conversation fits the model&apos;s context.</source>
        <translation>
            <numerusform>已略過 %n 則較早的訊息，讓對話符合模型的上下文長度。</numerusform>
        </translation>
    </message>
    <message>
        <location line="+25"/>
        <source>Version {i} of {n}: ‹ and › show the others</source>
        <translation>第 {i} 個版本，共 {n} 個：‹ 和 › 顯示其他版本</translation>
    </message>
</context>
<context>
    <name>ModelCard</name>
    <message>
        <location filename="../../desktop/views/first_run.py" line="-234"/>
        <source>Recommended</source>
        <translation>推薦</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The best starter for this computer: the largest model that runs well here.</source>
        <translation>最適合這台電腦的入門模型：能在這裡順暢執行的最大模型。</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>{n}B params</source>
        <translation>{n}B 參數</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>License: {license}</source>
        <translation>授權：{license}</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Download</source>
        <translation>下載</translation>
    </message>
</context>
<context>
    <name>ModelsPage</name>
    <message>
        <location filename="../../desktop/views/models_page.py" line="+27"/>
        <source>Installed</source>
        <translation>已安裝</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Discover</source>
        <translation>探索</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+36"/>
        <source>Downloads</source>
        <translation>下載</translation>
    </message>
    <message>
        <location line="-31"/>
        <source>Models</source>
        <translation>模型</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Models on this computer, and more from Hugging Face sized for it.</source>
        <translation>這台電腦上的模型，以及 Hugging Face 上適合它的更多模型。</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>Downloads ({n})</source>
        <translation>下載（{n}）</translation>
    </message>
</context>
<context>
    <name>ModelsTable</name>
    <message numerus="yes">
        <location filename="../../desktop/qtmodels/models_table.py" line="-39"/>
        <source>%n layers</source>
        <translation>
            <numerusform>%n 層</numerusform>
        </translation>
    </message>
    <message>
        <location line="+18"/>
        <source>{n} parameters</source>
        <translation>{n} 個參數</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>from {source}</source>
        <translation>來自 {source}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>no chat template in the file: a generic one is used</source>
        <translation>檔案中沒有對話範本：改用通用範本</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>loaded</source>
        <translation>已載入</translation>
    </message>
</context>
<context>
    <name>PdfWindow</name>
    <message>
        <location filename="../../desktop/widgets/sources.py" line="+166"/>
        <source>{file} — page {page}</source>
        <translation>{file}——第 {page} 頁</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Page {page} of {pages}</source>
        <translation>第 {page} 頁，共 {pages} 頁</translation>
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
        <translation>關閉</translation>
    </message>
</context>
<context>
    <name>SettingsPage</name>
    <message>
        <location filename="../../desktop/views/settings_page.py" line="+45"/>
        <source>Follow the system</source>
        <translation>跟隨系統</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Light</source>
        <translation>淺色</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Dark</source>
        <translation>深色</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Automatic (GPU when it fits)</source>
        <translation>自動（放得下時用 GPU）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>CPU only</source>
        <translation>僅 CPU</translation>
    </message>
    <message>
        <location line="+37"/>
        <source>Settings</source>
        <translation>設定</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>Appearance</source>
        <translation>外觀</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Theme</source>
        <translation>主題</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>System</source>
        <translation>系統</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Language</source>
        <translation>語言</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The new language is used after Hearth restarts.</source>
        <translation>Hearth 重新啟動後才會使用新的語言。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Restart now</source>
        <translation>立即重新啟動</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>The system prompt new chats start with</source>
        <translation>新對話使用的系統提示詞</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>New chats start with</source>
        <translation>新對話的開頭</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Hardware</source>
        <translation>硬體</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Detecting…</source>
        <translation>偵測中…</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Detect again</source>
        <translation>重新偵測</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Engine</source>
        <translation>推論引擎</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Run models on</source>
        <translation>執行模型於</translation>
    </message>
    <message>
        <location line="+3"/>
        <location line="+6"/>
        <location line="+6"/>
        <source>Automatic</source>
        <translation>自動</translation>
    </message>
    <message>
        <location line="-11"/>
        <source>How many layers go to the GPU; 999 puts them all there.</source>
        <translation>放到 GPU 的層數；999 代表全部放到 GPU。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>GPU layers</source>
        <translation>GPU 層數</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>CPU threads</source>
        <translation>CPU 執行緒</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Context length</source>
        <translation>上下文長度</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Changes apply the next time a model is loaded.</source>
        <translation>變更會在下次載入模型時生效。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Data</source>
        <translation>資料</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Open folder</source>
        <translation>開啟資料夾</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Data folder</source>
        <translation>資料夾位置</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Models, chats, libraries and logs live here. Set the HEARTH_HOME environment variable to use another folder.</source>
        <translation>模型、對話、文件庫和記錄檔都存放在這裡。設定 HEARTH_HOME 環境變數即可改用其他資料夾。</translation>
    </message>
    <message>
        <location line="+11"/>
        <location line="+262"/>
        <source>Optional: a local model folder</source>
        <translation>選用：本機模型資料夾</translation>
    </message>
    <message>
        <location line="-258"/>
        <source>Choose…</source>
        <translation>選擇…</translation>
    </message>
    <message>
        <location line="+3"/>
        <location line="+310"/>
        <source>Embedding model folder</source>
        <translation>嵌入模型資料夾</translation>
    </message>
    <message>
        <location line="-320"/>
        <source>Embedding model for new libraries</source>
        <translation>新文件庫的嵌入模型</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Each library keeps its own model (change it on the library&apos;s page). The folder holds a local copy of the English model.</source>
        <translation>每個文件庫各自保留自己的模型（可在文件庫頁面更換）。資料夾放的是英文模型的本機副本。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Answers from libraries read more passages</source>
        <translation>依據資料庫的回答讀取更多段落</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Off: passages from the five best documents, so answers start sooner. On: as many as fit the model&apos;s context; the answer may take much longer to start.</source>
        <translation>關閉：只傳送最相關的五份文件中的段落，回答更快開始。開啟：傳送模型上下文能容納的全部段落；回答可能要等很久才開始。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Network</source>
        <translation>網路</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Offline mode: never use the network</source>
        <translation>離線模式：完全不使用網路</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>A Hugging Face mirror, e.g. a company proxy; empty: HF_ENDPOINT, else huggingface.co</source>
        <translation>Hugging Face 鏡像站，例如公司的代理伺服器；留空：HF_ENDPOINT，否則 huggingface.co</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Hub address</source>
        <translation>Hub 位址</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Hugging Face token</source>
        <translation>Hugging Face 權杖</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>hf_…  (for gated or private models)</source>
        <translation>hf_…（用於需授權或私人模型）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Save token</source>
        <translation>儲存權杖</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>{text} is not a web address.</source>
        <translation>{text} 不是網址。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Give the mirror&apos;s address, e.g. https://hf-mirror.example, or leave it empty for huggingface.co.</source>
        <translation>請輸入鏡像站的位址，例如 https://hf-mirror.example；留空則使用 huggingface.co。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>API server</source>
        <translation>API 伺服器</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Serve an OpenAI-compatible API to programs on this computer</source>
        <translation>為這台電腦上的程式提供相容 OpenAI 的 API</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Port</source>
        <translation>連接埠</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Never</source>
        <translation>永不</translation>
    </message>
    <message>
        <location line="+1"/>
        <source> min</source>
        <translation> 分鐘</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Unload a model the server loaded after this long without requests; the next request loads it again</source>
        <translation>伺服器載入的模型在這段時間沒有請求後卸載；下一個請求會再載入它</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Unload when idle</source>
        <translation>閒置時卸載</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Copy</source>
        <translation>複製</translation>
    </message>
    <message>
        <location line="+3"/>
        <location line="+76"/>
        <source>Address</source>
        <translation>位址</translation>
    </message>
    <message>
        <location line="-74"/>
        <source>Traffic</source>
        <translation>使用情況</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Only programs on this computer can connect. Point an OpenAI client at the address; models are named as on the Models page, libraries as library:NAME. Requests wait for your own chats: there is one model.</source>
        <translation>只有這台電腦上的程式能連線。把 OpenAI 用戶端指向這個位址；模型名稱與「模型」頁面相同，文件庫則為 library:名稱。請求會排在您自己的對話之後：模型只有一個。</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>No requests yet</source>
        <translation>還沒有請求</translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>%n requests</source>
        <translation>
            <numerusform>%n 個請求</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>%n running or waiting</source>
        <translation>
            <numerusform>%n 個執行中或等待中</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>%n turned away (queue full)</source>
        <translation>
            <numerusform>%n 個被拒（佇列已滿）</numerusform>
        </translation>
    </message>
    <message>
        <location line="+43"/>
        <source>Not serving</source>
        <translation>未啟用</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Remote engines</source>
        <translation>遠端引擎</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+35"/>
        <source>None yet</source>
        <translation>還沒有</translation>
    </message>
    <message>
        <location line="-32"/>
        <source>Added</source>
        <translation>已新增</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>a short name, e.g. lab</source>
        <translation>簡短名稱，例如 lab</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Name</source>
        <translation>名稱</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>API key, if the server needs one</source>
        <translation>API 金鑰（伺服器需要時）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>API key</source>
        <translation>API 金鑰</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Add and find its models</source>
        <translation>新增並找出它的模型</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Remove the named one</source>
        <translation>移除這個名稱的引擎</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>A remote engine is another computer&apos;s OpenAI-compatible server (llama-server, vLLM, Ollama, LM Studio, Hearth). Its models appear in the model picker; what you send them leaves this computer. Offline mode turns them off.</source>
        <translation>遠端引擎是另一台電腦上相容 OpenAI 的伺服器（llama-server、vLLM、Ollama、LM Studio、Hearth）。它的模型會出現在模型選單中；傳給它們的內容會離開這台電腦。離線模式會停用它們。</translation>
    </message>
    <message>
        <location line="+51"/>
        <source>About</source>
        <translation>關於</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>run language models and chat with your documents, privately, on this computer.</source>
        <translation>在這台電腦上私密地執行語言模型，並和你的文件對話。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Show open-source licenses</source>
        <translation>顯示開放原始碼授權</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>Set by HEARTH_EMBEDDING_MODEL_PATH: {path}</source>
        <translation>由 HEARTH_EMBEDDING_MODEL_PATH 設定：{path}</translation>
    </message>
    <message>
        <location line="+73"/>
        <source>Could not detect the hardware: {error}</source>
        <translation>無法偵測硬體：{error}</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Unavailable: {error}</source>
        <translation>無法使用：{error}</translation>
    </message>
    <message>
        <location line="+53"/>
        <source>Not set. Public models download without one.</source>
        <translation>未設定。公開模型不需要權杖即可下載。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>in the system keyring</source>
        <translation>在系統金鑰圈中</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>in Hearth&apos;s data folder</source>
        <translation>在 Hearth 的資料夾中</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>from the Hugging Face CLI login</source>
        <translation>來自 Hugging Face CLI 登入</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Set ({where}).</source>
        <translation>已設定（{where}）。</translation>
    </message>
</context>
<context>
    <name>SourcePreview</name>
    <message>
        <location filename="../../desktop/widgets/source_preview.py" line="-25"/>
        <source>No app on this computer opens {kind} files, so it stays here. The file is {path}</source>
        <translation>這台電腦沒有能開啟 {kind} 檔案的應用程式，因此在這裡顯示。檔案位置：{path}</translation>
    </message>
</context>
<context>
    <name>SourceWindow</name>
    <message>
        <location line="+81"/>
        <source>page {page}</source>
        <translation>第 {page} 頁</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Loading…</source>
        <translation>載入中…</translation>
    </message>
    <message>
        <location line="+36"/>
        <source>This file has no indexed text (it may have been removed from the library).</source>
        <translation>這個檔案沒有已索引的文字（可能已從資料庫移除）。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>The text could not be read from the library: {error}</source>
        <translation>無法從資料庫讀取文字：{error}</translation>
    </message>
</context>
<context>
    <name>Sources</name>
    <message>
        <location filename="../../desktop/widgets/sources.py" line="-151"/>
        <source>source</source>
        <translation>來源</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>p. {page}</source>
        <translation>第 {page} 頁</translation>
    </message>
</context>
<context>
    <name>SourcesPanel</name>
    <message>
        <location line="+16"/>
        <source>Sources</source>
        <translation>來源</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Hide sources</source>
        <translation>隱藏來源</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Click a source to open it at the cited page.</source>
        <translation>點一下來源，即可開啟到引用的頁面。</translation>
    </message>
    <message>
        <location line="+58"/>
        <source>cited</source>
        <translation>已引用</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>~ restated, not cited</source>
        <translation>~ 有複述，未引用</translation>
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
        <translation>建立索引中</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Working</source>
        <translation>處理中</translation>
    </message>
    <message>
        <location line="+36"/>
        <source>Loading {model}…</source>
        <translation>正在載入 {model}…</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>No model loaded</source>
        <translation>未載入模型</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>all layers on GPU</source>
        <translation>所有層都在 GPU</translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>%n GPU layers</source>
        <translation>
            <numerusform>%n 層在 GPU</numerusform>
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
        <translation>記憶體 {used} · 可用 {free}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Hearth uses {used}; the system has {free} of {total} available.</source>
        <translation>Hearth 使用 {used}；系統共 {total}，可用 {free}。</translation>
    </message>
</context>
</TS>
