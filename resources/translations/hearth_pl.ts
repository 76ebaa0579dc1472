<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="pl">
<context>
    <name>About</name>
    <message>
        <location filename="../../desktop/views/about.py" line="+33"/>
        <source>see package</source>
        <translation>zobacz pakiet</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Hearth is licensed under Apache-2.0. It is built on:</source>
        <translation>Hearth jest udostępniany na licencji Apache-2.0. Korzysta z:</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Models you download keep their own licences; see each model&apos;s page.</source>
        <translation>Pobrane modele mają własne licencje; zobacz stronę każdego modelu.</translation>
    </message>
</context>
<context>
    <name>ChatListPanel</name>
    <message>
        <location filename="../../desktop/views/chat_list.py" line="+49"/>
        <source>Search chats</source>
        <translation>Szukaj czatów</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>New</source>
        <translation>Nowy</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>New chat (Ctrl+N)</source>
        <translation>Nowy czat (Ctrl+N)</translation>
    </message>
    <message>
        <location line="+51"/>
        <source>New chat</source>
        <translation>Nowy czat</translation>
    </message>
    <message>
        <location line="+53"/>
        <source>Rename…</source>
        <translation>Zmień nazwę…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Export as Markdown…</source>
        <translation>Eksportuj jako Markdown…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Export as JSON…</source>
        <translation>Eksportuj jako JSON…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Delete…</source>
        <translation>Usuń…</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Rename chat</source>
        <translation>Zmień nazwę czatu</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Title:</source>
        <translation>Tytuł:</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Delete chat</source>
        <translation>Usuń czat</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Delete “{title}” and all its messages?</source>
        <translation>Usunąć „{title}” i wszystkie jego wiadomości?</translation>
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
        <translation>Eksportuj czat</translation>
    </message>
</context>
<context>
    <name>ChatPage</name>
    <message>
        <location filename="../../desktop/views/chat_page.py" line="+147"/>
        <source>Show your chats</source>
        <translation>Pokaż czaty</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Chats</source>
        <translation>Czaty</translation>
    </message>
    <message>
        <location line="+6"/>
        <location line="+171"/>
        <location line="+61"/>
        <location filename="../../desktop/views/chat_reply.py" line="+242"/>
        <source>New chat</source>
        <translation>Nowy czat</translation>
    </message>
    <message>
        <location line="-219"/>
        <source>The model that writes replies in this chat</source>
        <translation>Model, który pisze odpowiedzi w tym czacie</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Sources</source>
        <translation>Źródła</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The documents the last answer cites</source>
        <translation>Dokumenty cytowane w ostatniej odpowiedzi</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Libraries</source>
        <translation>Biblioteki</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Answer from your documents: attach libraries to this chat</source>
        <translation>Odpowiedzi z Twoich dokumentów: dołącz biblioteki do tej rozmowy</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Settings</source>
        <translation>Ustawienia</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>System prompt, sampling, libraries for this chat</source>
        <translation>Prompt systemowy, próbkowanie i biblioteki tego czatu</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Rename, export or delete this chat</source>
        <translation>Zmień nazwę, wyeksportuj lub usuń ten czat</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Rename…</source>
        <translation>Zmień nazwę…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Export as Markdown…</source>
        <translation>Eksportuj jako Markdown…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Export as JSON…</source>
        <translation>Eksportuj jako JSON…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Delete…</source>
        <translation>Usuń…</translation>
    </message>
    <message>
        <location line="+63"/>
        <source>No models installed</source>
        <translation>Brak zainstalowanych modeli</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>↗ Sent to {host}</source>
        <translation>↗ Wysyłane do {host}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>This model runs on {server}: your messages, the chat&apos;s history and any library passages are sent there.</source>
        <translation>Ten model działa na {server}: Twoje wiadomości, historia rozmowy i fragmenty bibliotek są wysyłane tam.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Ask anything. This model runs on {host}: what you send goes there.</source>
        <translation>Pytaj o cokolwiek. Ten model działa na {host}: to, co wysyłasz, trafia tam.</translation>
    </message>
    <message>
        <location line="+143"/>
        <source>You</source>
        <translation>Ty</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Assistant</source>
        <translation>Asystent</translation>
    </message>
    <message>
        <location line="+41"/>
        <source>No libraries yet</source>
        <translation>Jeszcze nie ma bibliotek</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Manage libraries…</source>
        <translation>Zarządzaj bibliotekami…</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Answers from: {libraries}</source>
        <translation>Odpowiedzi z: {libraries}</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>Sources ({n})</source>
        <translation>Źródła ({n})</translation>
    </message>
    <message>
        <location filename="../../desktop/views/chat_reply.py" line="-192"/>
        <source>No model to answer with.</source>
        <translation>Brak modelu, który mógłby odpowiedzieć.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Install one on the Models page, or import a GGUF file.</source>
        <translation>Zainstaluj go na stronie Modele lub zaimportuj plik GGUF.</translation>
    </message>
    <message>
        <location line="+82"/>
        <source>Loading {model}…</source>
        <translation>Wczytywanie {model}…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Looking through your libraries…</source>
        <translation>Przeszukuję Twoje biblioteki…</translation>
    </message>
    <message>
        <location line="+52"/>
        <source>Reading {done} of {total} tokens…</source>
        <translation>Czytanie {done} z {total} tokenów…</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>about {seconds} s left</source>
        <translation>zostało około {seconds} s</translation>
    </message>
</context>
<context>
    <name>ChatSettingsPanel</name>
    <message>
        <location filename="../../desktop/views/chat_settings.py" line="+64"/>
        <source>Chat settings</source>
        <translation>Ustawienia czatu</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Hide chat settings</source>
        <translation>Ukryj ustawienia czatu</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>How the assistant should behave</source>
        <translation>Jak ma się zachowywać asystent</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>System prompt</source>
        <translation>Prompt systemowy</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Sampling</source>
        <translation>Próbkowanie</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Random</source>
        <translation>Losowe</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Auto</source>
        <translation>Auto</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Temperature</source>
        <translation>Temperatura</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Repeat penalty</source>
        <translation>Kara za powtórzenia</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Max tokens</source>
        <translation>Maks. tokenów</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Seed</source>
        <translation>Ziarno</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Context length</source>
        <translation>Długość kontekstu</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>One stop sequence per line</source>
        <translation>Jedna sekwencja zatrzymania na linię</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Stop sequences</source>
        <translation>Sekwencje zatrzymania</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Think step by step</source>
        <translation>Myśl krok po kroku</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ask the model to reason step by step before it answers: slower, often better on hard questions</source>
        <translation>Poproś model, by rozumował krok po kroku przed odpowiedzią: wolniej, ale często lepiej przy trudnych pytaniach</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Few-shot examples</source>
        <translation>Przykłady (few-shot)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>User</source>
        <translation>Użytkownik</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Assistant</source>
        <translation>Asystent</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Add example</source>
        <translation>Dodaj przykład</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Remove</source>
        <translation>Usuń</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Libraries</source>
        <translation>Biblioteki</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Answers use and cite the checked libraries.</source>
        <translation>Odpowiedzi korzystają z zaznaczonych bibliotek i je cytują.</translation>
    </message>
    <message>
        <location line="+100"/>
        <source>No libraries yet — create one on the Libraries page.</source>
        <translation>Nie ma jeszcze bibliotek — utwórz ją na stronie Biblioteki.</translation>
    </message>
</context>
<context>
    <name>Columns</name>
    <message>
        <location filename="../../desktop/qtmodels/downloads_table.py" line="+123"/>
        <location filename="../../desktop/qtmodels/models_hub.py" line="+162"/>
        <source>Model</source>
        <translation>Model</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Progress</source>
        <translation>Postęp</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Speed</source>
        <translation>Szybkość</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>ETA</source>
        <translation>Pozostało</translation>
    </message>
    <message>
        <location line="+1"/>
        <location filename="../../desktop/qtmodels/library_tables.py" line="+136"/>
        <source>Status</source>
        <translation>Stan</translation>
    </message>
    <message>
        <location filename="../../desktop/qtmodels/library_tables.py" line="-1"/>
        <location line="+61"/>
        <location filename="../../desktop/qtmodels/models_hub.py" line="+46"/>
        <source>File</source>
        <translation>Plik</translation>
    </message>
    <message>
        <location line="-58"/>
        <source>Details</source>
        <translation>Szczegóły</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Pages</source>
        <translation>Strony</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Chunks</source>
        <translation>Fragmenty</translation>
    </message>
    <message>
        <location line="+54"/>
        <source>#</source>
        <translation>#</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Page</source>
        <translation>Strona</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Score</source>
        <translation>Wynik</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Snippet</source>
        <translation>Fragment</translation>
    </message>
    <message>
        <location filename="../../desktop/qtmodels/models_hub.py" line="-63"/>
        <source>Repository</source>
        <translation>Repozytorium</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Downloads</source>
        <translation>Pobrane</translation>
    </message>
    <message>
        <location line="+18"/>
        <location line="+43"/>
        <location filename="../../desktop/qtmodels/models_table.py" line="+80"/>
        <source>Size</source>
        <translation>Rozmiar</translation>
    </message>
    <message>
        <location line="-42"/>
        <source>License</source>
        <translation>Licencja</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+42"/>
        <source>Fit</source>
        <translation>Dopasowanie</translation>
    </message>
    <message>
        <location line="-3"/>
        <location filename="../../desktop/qtmodels/models_table.py" line="+2"/>
        <source>Quantization</source>
        <translation>Kwantyzacja</translation>
    </message>
    <message>
        <location filename="../../desktop/qtmodels/models_table.py" line="-3"/>
        <source>Name</source>
        <translation>Nazwa</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Context</source>
        <translation>Kontekst</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Architecture</source>
        <translation>Architektura</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Runs on</source>
        <translation>Działa na</translation>
    </message>
</context>
<context>
    <name>Common</name>
    <message>
        <location filename="../../desktop/widgets/common.py" line="+50"/>
        <source>Delete</source>
        <translation>Usuń</translation>
    </message>
</context>
<context>
    <name>Composer</name>
    <message>
        <location filename="../../desktop/views/composer.py" line="+47"/>
        <source>Editing a message: sending replaces it and the replies after it.</source>
        <translation>Edytujesz wiadomość: wysłanie zastąpi ją i odpowiedzi po niej.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Cancel</source>
        <translation>Anuluj</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Message  (Enter to send, Shift+Enter for a new line)</source>
        <translation>Wiadomość  (Enter wysyła, Shift+Enter – nowa linia)</translation>
    </message>
    <message>
        <location line="+6"/>
        <location line="+24"/>
        <source>Send</source>
        <translation>Wyślij</translation>
    </message>
    <message>
        <location line="-22"/>
        <location line="+24"/>
        <source>Send (Ctrl+Enter)</source>
        <translation>Wyślij (Ctrl+Enter)</translation>
    </message>
    <message>
        <location line="-2"/>
        <source>Stop</source>
        <translation>Zatrzymaj</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Stop the reply (Esc)</source>
        <translation>Zatrzymaj odpowiedź (Esc)</translation>
    </message>
</context>
<context>
    <name>DiscoverPanel</name>
    <message>
        <location filename="../../desktop/views/discover_panel.py" line="+47"/>
        <source>Most downloaded</source>
        <translation>Najczęściej pobierane</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Most liked</source>
        <translation>Najbardziej lubiane</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Recently updated</source>
        <translation>Ostatnio zaktualizowane</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>All formats</source>
        <translation>Wszystkie formaty</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Search Hugging Face — e.g. qwen2.5 instruct</source>
        <translation>Szukaj w Hugging Face — np. qwen2.5 instruct</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Search</source>
        <translation>Szukaj</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>Choose a model to see its files</source>
        <translation>Wybierz model, aby zobaczyć jego pliki</translation>
    </message>
    <message>
        <location line="+22"/>
        <location line="+235"/>
        <location line="+4"/>
        <source>Download</source>
        <translation>Pobierz</translation>
    </message>
    <message>
        <location line="-184"/>
        <source>Recommended starter models — or search the Hub above</source>
        <translation>Polecane modele na start — lub przeszukaj Hub powyżej</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Searching for “{query}”…</source>
        <translation>Szukam „{query}”…</translation>
    </message>
    <message numerus="yes">
        <location line="+10"/>
        <source>%n results for “{query}”</source>
        <translation>
            <numerusform>%n wynik dla „{query}”</numerusform>
            <numerusform>%n wyniki dla „{query}”</numerusform>
            <numerusform>%n wyników dla „{query}”</numerusform>
        </translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Nothing found for “{query}”</source>
        <translation>Nic nie znaleziono dla „{query}”</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Search failed</source>
        <translation>Wyszukiwanie nie powiodło się</translation>
    </message>
    <message>
        <location line="+47"/>
        <source>Reading the files and their headers…</source>
        <translation>Odczytuję pliki i ich nagłówki…</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>None of these files fits this computer&apos;s memory.</source>
        <translation>Żaden z tych plików nie mieści się w pamięci tego komputera.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>This repository has no GGUF or MLC model files.</source>
        <translation>To repozytorium nie ma plików modeli GGUF ani MLC.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Could not read this repository&apos;s files.</source>
        <translation>Nie udało się odczytać plików tego repozytorium.</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>{n} downloads</source>
        <translation>pobrania: {n}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{n} likes</source>
        <translation>polubienia: {n}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>updated {date}</source>
        <translation>zaktualizowano {date}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>license {license}</source>
        <translation>licencja {license}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&lt;b&gt;gated&lt;/b&gt;: needs a Hugging Face token (Settings)</source>
        <translation>&lt;b&gt;z ograniczonym dostępem&lt;/b&gt;: wymaga tokenu Hugging Face (Ustawienia)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>suggested file {file}</source>
        <translation>sugerowany plik {file}</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>Installed ✓</source>
        <translation>Zainstalowany ✓</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Downloading {percent} %</source>
        <translation>Pobieranie {percent} %</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Queued…</source>
        <translation>W kolejce…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Verifying…</source>
        <translation>Sprawdzanie…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Resume ({percent} %)</source>
        <translation>Wznów ({percent} %)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Retry download</source>
        <translation>Pobierz ponownie</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Download anyway</source>
        <translation>Pobierz mimo to</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Pause or cancel it on the Downloads tab</source>
        <translation>Wstrzymaj lub anuluj na karcie Pobrane</translation>
    </message>
</context>
<context>
    <name>Downloads</name>
    <message>
        <location filename="../../desktop/qtmodels/downloads_table.py" line="-113"/>
        <source>Queued</source>
        <translation>W kolejce</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Downloading</source>
        <translation>Pobieranie</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Paused</source>
        <translation>Wstrzymano</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Verifying</source>
        <translation>Weryfikacja</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Done</source>
        <translation>Gotowe</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Failed</source>
        <translation>Niepowodzenie</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cancelled</source>
        <translation>Anulowano</translation>
    </message>
    <message>
        <location line="+51"/>
        <source>{done} of {total}</source>
        <translation>{done} z {total}</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Failed: {error}</source>
        <translation>Niepowodzenie: {error}</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Installed as {model}. Double-click to show it.</source>
        <translation>Zainstalowano jako {model}. Kliknij dwukrotnie, aby go pokazać.</translation>
    </message>
</context>
<context>
    <name>DownloadsPanel</name>
    <message>
        <location filename="../../desktop/views/downloads_panel.py" line="+147"/>
        <source>&lt;h3&gt;No downloads&lt;/h3&gt;&lt;p&gt;Pick a model on the &lt;b&gt;Discover&lt;/b&gt; tab and press &lt;b&gt;Download&lt;/b&gt;.&lt;br&gt;Interrupted downloads resume where they stopped.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;Brak pobrań&lt;/h3&gt;&lt;p&gt;Wybierz model na karcie &lt;b&gt;Odkrywaj&lt;/b&gt; i naciśnij &lt;b&gt;Pobierz&lt;/b&gt;.&lt;br&gt;Przerwane pobieranie wznawia się od miejsca, w którym się zatrzymało.&lt;/p&gt;</translation>
    </message>
    <message>
        <location filename="../../desktop/qtmodels/downloads_table.py" line="-84"/>
        <location filename="../../desktop/views/downloads_panel.py" line="+9"/>
        <source>Pause</source>
        <translation>Wstrzymaj</translation>
    </message>
    <message>
        <location line="+1"/>
        <location filename="../../desktop/views/downloads_panel.py" line="+1"/>
        <source>Resume</source>
        <translation>Wznów</translation>
    </message>
    <message>
        <location line="+1"/>
        <location filename="../../desktop/views/downloads_panel.py" line="+1"/>
        <source>Cancel</source>
        <translation>Anuluj</translation>
    </message>
    <message>
        <location line="+1"/>
        <location filename="../../desktop/views/downloads_panel.py" line="+1"/>
        <source>Retry</source>
        <translation>Ponów</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Show</source>
        <translation>Pokaż</translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/views/downloads_panel.py" line="+85"/>
        <source>%n downloading</source>
        <translation>
            <numerusform>%n pobierany</numerusform>
            <numerusform>%n pobierane</numerusform>
            <numerusform>%n pobieranych</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>%n queued</source>
        <translation>
            <numerusform>%n w kolejce</numerusform>
            <numerusform>%n w kolejce</numerusform>
            <numerusform>%n w kolejce</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>%n paused</source>
        <translation>
            <numerusform>%n wstrzymany</numerusform>
            <numerusform>%n wstrzymane</numerusform>
            <numerusform>%n wstrzymanych</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>%n failed</source>
        <translation>
            <numerusform>%n nieudany</numerusform>
            <numerusform>%n nieudane</numerusform>
            <numerusform>%n nieudanych</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>EmbeddingPicker</name>
    <message>
        <location filename="../../desktop/widgets/embedding_picker.py" line="+20"/>
        <source>Automatic (from the documents&apos; languages)</source>
        <translation>Automatycznie (według języka dokumentów)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Multilingual: USE v3, 16 languages, no download</source>
        <translation>Wielojęzyczny: USE v3, 16 języków, bez pobierania</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>English: MiniLM, best for English only</source>
        <translation>Angielski: MiniLM, najlepszy tylko dla angielskiego</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Multilingual MiniLM: 50 languages, 220 MB download</source>
        <translation>Wielojęzyczny MiniLM: 50 języków, do pobrania 220 MB</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Multilingual E5 large: 100 languages, 2.2 GB download</source>
        <translation>Wielojęzyczny E5 large: 100 języków, do pobrania 2,2 GB</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>multilingual USE v3</source>
        <translation>wielojęzyczny USE v3</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>English MiniLM</source>
        <translation>angielski MiniLM</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>Automatic: chose {model}</source>
        <translation>Automatycznie: wybrano {model}</translation>
    </message>
</context>
<context>
    <name>ErrorBar</name>
    <message>
        <location filename="../../desktop/widgets/errors.py" line="+98"/>
        <location line="+32"/>
        <source>Copy details</source>
        <translation>Kopiuj szczegóły</translation>
    </message>
    <message>
        <location line="-28"/>
        <source>Dismiss</source>
        <translation>Zamknij</translation>
    </message>
    <message numerus="yes">
        <location line="+17"/>
        <source>(+%n more)</source>
        <translation>
            <numerusform>(i %n więcej)</numerusform>
            <numerusform>(i %n więcej)</numerusform>
            <numerusform>(i %n więcej)</numerusform>
        </translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Copied</source>
        <translation>Skopiowano</translation>
    </message>
</context>
<context>
    <name>ErrorInfo</name>
    <message>
        <location line="-86"/>
        <source>Something went wrong: {error}</source>
        <translation>Coś poszło nie tak: {error}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The details were written to the log; please report them if this repeats.</source>
        <translation>Szczegóły zapisano w logu; zgłoś je, jeśli to się powtórzy.</translation>
    </message>
</context>
<context>
    <name>ExternalBar</name>
    <message>
        <location filename="../../desktop/widgets/source_preview.py" line="+46"/>
        <source>Open in default app</source>
        <translation>Otwórz w domyślnej aplikacji</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Copy path</source>
        <translation>Kopiuj ścieżkę</translation>
    </message>
</context>
<context>
    <name>FileState</name>
    <message>
        <location filename="../../desktop/qtmodels/library_tables.py" line="-170"/>
        <location filename="../../desktop/views/library_files.py" line="+31"/>
        <source>Indexed</source>
        <translation>Zaindeksowany</translation>
    </message>
    <message>
        <location line="+1"/>
        <location filename="../../desktop/views/library_files.py" line="+2"/>
        <source>No text</source>
        <translation>Brak tekstu</translation>
    </message>
    <message>
        <location line="+1"/>
        <location filename="../../desktop/views/library_files.py" line="-1"/>
        <source>Failed</source>
        <translation>Niepowodzenie</translation>
    </message>
    <message>
        <location line="+1"/>
        <location filename="../../desktop/views/library_files.py" line="+2"/>
        <source>Unsupported</source>
        <translation>Nieobsługiwany</translation>
    </message>
    <message>
        <location line="+1"/>
        <location filename="../../desktop/views/library_files.py" line="+1"/>
        <source>Pending</source>
        <translation>Oczekuje</translation>
    </message>
    <message numerus="yes">
        <location line="+12"/>
        <source>%n indexed</source>
        <translation>
            <numerusform>%n zaindeksowany</numerusform>
            <numerusform>%n zaindeksowane</numerusform>
            <numerusform>%n zaindeksowanych</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>%n with no text</source>
        <translation>
            <numerusform>%n bez tekstu</numerusform>
            <numerusform>%n bez tekstu</numerusform>
            <numerusform>%n bez tekstu</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>%n failed</source>
        <translation>
            <numerusform>%n nieudany</numerusform>
            <numerusform>%n nieudane</numerusform>
            <numerusform>%n nieudanych</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>%n unsupported</source>
        <translation>
            <numerusform>%n nieobsługiwany</numerusform>
            <numerusform>%n nieobsługiwane</numerusform>
            <numerusform>%n nieobsługiwanych</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>%n pending</source>
        <translation>
            <numerusform>%n oczekujący</numerusform>
            <numerusform>%n oczekujące</numerusform>
            <numerusform>%n oczekujących</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../desktop/views/library_files.py" line="-5"/>
        <source>All files</source>
        <translation>Wszystkie pliki</translation>
    </message>
</context>
<context>
    <name>FirstRunPage</name>
    <message>
        <location filename="../../desktop/views/first_run.py" line="+60"/>
        <source>no GPU</source>
        <translation>brak GPU</translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>%n threads</source>
        <translation>
            <numerusform>%n wątek</numerusform>
            <numerusform>%n wątki</numerusform>
            <numerusform>%n wątków</numerusform>
        </translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{total} RAM ({free} free)</source>
        <translation>{total} RAM (wolne {free})</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>needs {needed} of {ram} RAM</source>
        <translation>potrzebuje {needed} z {ram} RAM</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>needs {needed}</source>
        <translation>potrzebuje {needed}</translation>
    </message>
    <message>
        <location line="+74"/>
        <source>Welcome to Hearth</source>
        <translation>Witaj w Hearth</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Chat with language models and your own documents — privately, on this computer. Pick a starter model to download, or import one you have.</source>
        <translation>Rozmawiaj z modelami językowymi i własnymi dokumentami — prywatnie, na tym komputerze. Wybierz model na start do pobrania albo zaimportuj posiadany.</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>This computer</source>
        <translation>Ten komputer</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Looking at the hardware…</source>
        <translation>Sprawdzam sprzęt…</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Starter models</source>
        <translation>Modele na start</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Already have a model file?</source>
        <translation>Masz już plik modelu?</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Import a GGUF file…</source>
        <translation>Importuj plik GGUF…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Browse all models</source>
        <translation>Przeglądaj wszystkie modele</translation>
    </message>
    <message>
        <location line="+62"/>
        <source>Starting…</source>
        <translation>Rozpoczynanie…</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Downloading</source>
        <translation>Pobieranie</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Downloading {model}. Hearth opens a chat when it is ready; the Models page shows the details.</source>
        <translation>Pobieranie {model}. Gdy będzie gotowy, Hearth otworzy czat; szczegóły są na stronie Modele.</translation>
    </message>
    <message>
        <location line="+5"/>
        <location line="+24"/>
        <source>Download</source>
        <translation>Pobierz</translation>
    </message>
    <message>
        <location line="-5"/>
        <source>Installed</source>
        <translation>Zainstalowane</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Downloading {model} failed: {error}</source>
        <translation>Pobieranie {model} nie powiodło się: {error}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Check the connection and try again.</source>
        <translation>Sprawdź połączenie i spróbuj ponownie.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Import a model</source>
        <translation>Importuj model</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>GGUF models (*.gguf);;All files (*)</source>
        <translation>Modele GGUF (*.gguf);;Wszystkie pliki (*)</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Importing {file}…</source>
        <translation>Importowanie {file}…</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Imported {model}.</source>
        <translation>Zaimportowano {model}.</translation>
    </message>
</context>
<context>
    <name>Fit</name>
    <message>
        <location filename="../../desktop/qtmodels/models_hub.py" line="-193"/>
        <source>Fits on GPU</source>
        <translation>Mieści się w GPU</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Partly on GPU</source>
        <translation>Częściowo na GPU</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Runs on CPU</source>
        <translation>Działa na CPU</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>~{n} tok/s</source>
        <translation>~{n} tok/s</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>Measured here with this file: {n} tokens/s</source>
        <translation>Zmierzone tutaj z tym plikiem: {n} tokenów/s</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Estimated from {model} at {n} tokens/s here: each token reads the whole file, {rate} a second</source>
        <translation>Oszacowane na podstawie {model} ({n} tokenów/s tutaj): każdy token czyta cały plik, {rate} na sekundę</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Estimated: each token reads the whole file, at a typical {rate} a second for this memory; a first reply measures it</source>
        <translation>Oszacowanie: każdy token czyta cały plik, przy typowych dla tej pamięci {rate} na sekundę; pierwsza odpowiedź to zmierzy</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Green: {n} tokens/s or more, about as fast as one reads; amber: slower</source>
        <translation>Zielony: {n} tokenów/s lub więcej, mniej więcej tak szybko, jak się czyta; bursztynowy: wolniej</translation>
    </message>
    <message>
        <location line="-72"/>
        <source>Won&apos;t fit</source>
        <translation>Nie zmieści się</translation>
    </message>
</context>
<context>
    <name>Formats</name>
    <message>
        <location filename="../../desktop/formats.py" line="+73"/>
        <source>just now</source>
        <translation>przed chwilą</translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>%n days ago</source>
        <translation>
            <numerusform>%n dzień temu</numerusform>
            <numerusform>%n dni temu</numerusform>
            <numerusform>%n dni temu</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>%n hours ago</source>
        <translation>
            <numerusform>%n godzinę temu</numerusform>
            <numerusform>%n godziny temu</numerusform>
            <numerusform>%n godzin temu</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>%n minutes ago</source>
        <translation>
            <numerusform>%n minutę temu</numerusform>
            <numerusform>%n minuty temu</numerusform>
            <numerusform>%n minut temu</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>HubTables</name>
    <message>
        <location filename="../../desktop/qtmodels/models_hub.py" line="+102"/>
        <location line="+42"/>
        <source>License: {license}</source>
        <translation>Licencja: {license}</translation>
    </message>
    <message>
        <location line="-40"/>
        <source>Gated: needs a Hugging Face token with access</source>
        <translation>Ograniczony dostęp: wymaga tokenu Hugging Face z uprawnieniem</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>gated</source>
        <translation>ograniczony dostęp</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Recommended: the best starter for this computer</source>
        <translation>Polecany: najlepszy model na start dla tego komputera</translation>
    </message>
    <message numerus="yes">
        <location line="+16"/>
        <source>%n parts</source>
        <translation>
            <numerusform>%n część</numerusform>
            <numerusform>%n części</numerusform>
            <numerusform>%n części</numerusform>
        </translation>
    </message>
    <message>
        <location line="+2"/>
        <source>vision projector</source>
        <translation>projektor wizji</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>installed</source>
        <translation>zainstalowany</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Recommended: the best quantization that fits this computer</source>
        <translation>Polecany: najlepsza kwantyzacja, która mieści się na tym komputerze</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Fit unknown: {error}</source>
        <translation>Dopasowanie nieznane: {error}</translation>
    </message>
</context>
<context>
    <name>InstalledPanel</name>
    <message>
        <location filename="../../desktop/views/models_page.py" line="+80"/>
        <source>Can&apos;t be used</source>
        <translation>Nie można użyć</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Import GGUF…</source>
        <translation>Importuj GGUF…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Copy a .gguf model file into Hearth (or drop files here)</source>
        <translation>Skopiuj plik modelu .gguf do Hearth (lub upuść pliki tutaj)</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+118"/>
        <source>Load</source>
        <translation>Wczytaj</translation>
    </message>
    <message>
        <location line="-116"/>
        <source>Unload</source>
        <translation>Zwolnij</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Delete…</source>
        <translation>Usuń…</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Drop .gguf files here to import them</source>
        <translation>Upuść tutaj pliki .gguf, aby je zaimportować</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>&lt;h3&gt;No models yet&lt;/h3&gt;&lt;p&gt;Drop a &lt;b&gt;.gguf&lt;/b&gt; file here, choose &lt;b&gt;Import GGUF…&lt;/b&gt;,&lt;br&gt;or find one on the &lt;b&gt;Discover&lt;/b&gt; tab.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;Nie ma jeszcze modeli&lt;/h3&gt;&lt;p&gt;Upuść tutaj plik &lt;b&gt;.gguf&lt;/b&gt;, wybierz &lt;b&gt;Importuj GGUF…&lt;/b&gt;&lt;br&gt;albo znajdź model na karcie &lt;b&gt;Odkrywaj&lt;/b&gt;.&lt;/p&gt;</translation>
    </message>
    <message>
        <location line="+48"/>
        <source>can&apos;t run here</source>
        <translation>nie działa tutaj</translation>
    </message>
    <message>
        <location line="+44"/>
        <source>Loading {model}…</source>
        <translation>Wczytywanie {model}…</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>{n} parameters</source>
        <translation>{n} parametrów</translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>%n layers</source>
        <translation>
            <numerusform>%n warstwa</numerusform>
            <numerusform>%n warstwy</numerusform>
            <numerusform>%n warstw</numerusform>
        </translation>
    </message>
    <message>
        <location line="+3"/>
        <source>from {source}</source>
        <translation>z {source}</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Can&apos;t be used: {problem}</source>
        <translation>Nie można użyć: {problem}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Delete removes the file.</source>
        <translation>Usuń usuwa plik.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Loaded on &lt;b&gt;{where}&lt;/b&gt; with a {n}-token context</source>
        <translation>Wczytany na &lt;b&gt;{where}&lt;/b&gt; z kontekstem {n} tokenów</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Runs on &lt;b&gt;{where}&lt;/b&gt;: {reason}</source>
        <translation>Działa na &lt;b&gt;{where}&lt;/b&gt;: {reason}</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Delete model</source>
        <translation>Usuń model</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Delete {model} ({size})?

The file is removed from Hearth&apos;s models folder.</source>
        <translation>Usunąć {model} ({size})?

Plik zostanie usunięty z folderu modeli Hearth.</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>Import models</source>
        <translation>Importuj modele</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>GGUF models (*.gguf);;All files (*)</source>
        <translation>Modele GGUF (*.gguf);;Wszystkie pliki (*)</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>Importing {file}…</source>
        <translation>Importowanie {file}…</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Importing {file}</source>
        <translation>Importowanie {file}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{done} of {total}</source>
        <translation>{done} z {total}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{time} left</source>
        <translation>pozostało {time}</translation>
    </message>
    <message numerus="yes">
        <location line="+29"/>
        <source>Skipped %n files that are not GGUF models.</source>
        <translation>
            <numerusform>Pominięto %n plik, który nie jest modelem GGUF.</numerusform>
            <numerusform>Pominięto %n pliki, które nie są modelami GGUF.</numerusform>
            <numerusform>Pominięto %n plików, które nie są modelami GGUF.</numerusform>
        </translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Only .gguf files can be imported; MLC models come from the Hub.</source>
        <translation>Można importować tylko pliki .gguf; modele MLC pochodzą z Hub.</translation>
    </message>
</context>
<context>
    <name>Libraries</name>
    <message numerus="yes">
        <location filename="../../desktop/qtmodels/library_tables.py" line="+9"/>
        <location filename="../../desktop/views/library_files.py" line="+85"/>
        <source>%n files</source>
        <translation>
            <numerusform>%n plik</numerusform>
            <numerusform>%n pliki</numerusform>
            <numerusform>%n plików</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>%Ln chunks</source>
        <translation>
            <numerusform>%Ln fragment</numerusform>
            <numerusform>%Ln fragmenty</numerusform>
            <numerusform>%Ln fragmentów</numerusform>
        </translation>
    </message>
    <message>
        <location line="+6"/>
        <source>No folders or files yet</source>
        <translation>Brak folderów i plików</translation>
    </message>
</context>
<context>
    <name>LibrariesPage</name>
    <message>
        <location filename="../../desktop/views/libraries_page.py" line="+64"/>
        <source>watching</source>
        <translation>obserwowana</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>damaged: select it to repair</source>
        <translation>uszkodzona: zaznacz ją, aby naprawić</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>New library…</source>
        <translation>Nowa biblioteka…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Rename…</source>
        <translation>Zmień nazwę…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Delete…</source>
        <translation>Usuń…</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>&lt;h3&gt;No libraries yet&lt;/h3&gt;&lt;p&gt;A library is a set of folders and files that Hearth indexes on this computer,&lt;br&gt;so chats can search them and cite the page an answer came from.&lt;/p&gt;&lt;p&gt;Press &lt;b&gt;New library…&lt;/b&gt; to start.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;Nie ma jeszcze bibliotek&lt;/h3&gt;&lt;p&gt;Biblioteka to zbiór folderów i plików, które Hearth indeksuje na tym komputerze,&lt;br&gt;aby czaty mogły je przeszukiwać i cytować stronę, z której pochodzi odpowiedź.&lt;/p&gt;&lt;p&gt;Naciśnij &lt;b&gt;Nowa biblioteka…&lt;/b&gt;, aby zacząć.&lt;/p&gt;</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Libraries</source>
        <translation>Biblioteki</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Your documents, indexed on this computer for grounded answers.</source>
        <translation>Twoje dokumenty, zaindeksowane na tym komputerze, by odpowiedzi miały oparcie w źródłach.</translation>
    </message>
    <message>
        <location line="+74"/>
        <source>New library</source>
        <translation>Nowa biblioteka</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Name:</source>
        <translation>Nazwa:</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Rename library</source>
        <translation>Zmień nazwę biblioteki</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>New name:</source>
        <translation>Nowa nazwa:</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>Delete library</source>
        <translation>Usuń bibliotekę</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Delete the library “{name}”?

Its index is removed; your documents are not touched.</source>
        <translation>Usunąć bibliotekę „{name}”?

Jej indeks zostanie usunięty; Twoje dokumenty pozostaną nietknięte.</translation>
    </message>
</context>
<context>
    <name>LibraryDetail</name>
    <message>
        <location filename="../../desktop/views/library_detail.py" line="+48"/>
        <source>files</source>
        <translation>plików</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>{time} left</source>
        <translation>pozostało {time}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Starting…</source>
        <translation>Rozpoczynanie…</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Documents ({patterns});;All files (*)</source>
        <translation>Dokumenty ({patterns});;Wszystkie pliki (*)</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>indexed {when}</source>
        <translation>zaindeksowano {when}</translation>
    </message>
    <message numerus="yes">
        <location line="+7"/>
        <source>%n files indexed</source>
        <translation>
            <numerusform>%n plik zaindeksowany</numerusform>
            <numerusform>%n pliki zaindeksowane</numerusform>
            <numerusform>%n plików zaindeksowanych</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>%Ln chunks in {seconds} s ({rate}/s)</source>
        <translation>
            <numerusform>%Ln fragment w {seconds} s ({rate}/s)</numerusform>
            <numerusform>%Ln fragmenty w {seconds} s ({rate}/s)</numerusform>
            <numerusform>%Ln fragmentów w {seconds} s ({rate}/s)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+4"/>
        <source>%n unchanged</source>
        <translation>
            <numerusform>%n bez zmian</numerusform>
            <numerusform>%n bez zmian</numerusform>
            <numerusform>%n bez zmian</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+6"/>
        <source>%n removed</source>
        <translation>
            <numerusform>%n usunięty</numerusform>
            <numerusform>%n usunięte</numerusform>
            <numerusform>%n usuniętych</numerusform>
        </translation>
    </message>
    <message>
        <location line="+27"/>
        <source>Add folder…</source>
        <translation>Dodaj folder…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Add files…</source>
        <translation>Dodaj pliki…</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+187"/>
        <source>Index</source>
        <translation>Indeksuj</translation>
    </message>
    <message>
        <location line="-186"/>
        <source>Index new and changed files (unchanged ones are kept)</source>
        <translation>Indeksuj nowe i zmienione pliki (niezmienione zostają)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Re-index all</source>
        <translation>Zaindeksuj wszystko ponownie</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Rebuild the whole index from the documents</source>
        <translation>Odbuduj cały indeks z dokumentów</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Watch for changes</source>
        <translation>Obserwuj zmiany</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Pick up new, edited and deleted files while Hearth runs</source>
        <translation>Uwzględniaj nowe, edytowane i usunięte pliki, gdy Hearth działa</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Chat with this library</source>
        <translation>Rozmawiaj z tą biblioteką</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A new chat whose answers come from these documents, with citations</source>
        <translation>Nowa rozmowa, w której odpowiedzi pochodzą z tych dokumentów, z cytatami</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The model that turns passages into meaning for search; a change re-embeds every file</source>
        <translation>Model, który zamienia fragmenty na znaczenie do wyszukiwania; zmiana osadza każdy plik od nowa</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Embedding model:</source>
        <translation>Model osadzeń:</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>Repair</source>
        <translation>Napraw</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Check the library&apos;s storage and mend it; only files whose passages are missing are indexed again</source>
        <translation>Sprawdź i napraw magazyn biblioteki; ponownie indeksowane są tylko pliki, którym brakuje fragmentów</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>Files</source>
        <translation>Pliki</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sources</source>
        <translation>Źródła</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Search</source>
        <translation>Szukaj</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>Change the embedding model</source>
        <translation>Zmiana modelu osadzeń</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Every file of {name} is embedded again with {model}. Search finds only the files done so far until it finishes; you can stop it and resume later with Update index.</source>
        <translation>Każdy plik biblioteki {name} zostanie osadzony od nowa modelem {model}. Do końca wyszukiwanie znajdzie tylko pliki już gotowe; możesz to przerwać i wznowić później przyciskiem Aktualizuj indeks.</translation>
    </message>
    <message>
        <location line="+43"/>
        <source>Press Repair to mend it.</source>
        <translation>Naciśnij Napraw, aby to naprawić.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>This library was {reason}. Press Re-index all to rebuild it with the current model.</source>
        <translation>Ta biblioteka: {reason}. Naciśnij Zaindeksuj wszystko ponownie, aby odbudować ją obecnym modelem.</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>Update index</source>
        <translation>Aktualizuj indeks</translation>
    </message>
    <message>
        <location line="+46"/>
        <source>Add a folder</source>
        <translation>Dodaj folder</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Add files</source>
        <translation>Dodaj pliki</translation>
    </message>
    <message>
        <location line="+61"/>
        <source>nothing needed mending</source>
        <translation>nic nie wymagało naprawy</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Repaired: {what}.</source>
        <translation>Naprawiono: {what}.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Indexing cancelled. Files finished so far are kept; Update index continues from there.</source>
        <translation>Indeksowanie anulowane. Ukończone pliki zostają; Aktualizuj indeks wznowi od tego miejsca.</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Indexing {library}: looking for files…</source>
        <translation>Indeksowanie {library}: szukam plików…</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Indexing {library}: {progress}</source>
        <translation>Indeksowanie {library}: {progress}</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Cancelling — finishing the current file…</source>
        <translation>Anulowanie — kończę bieżący plik…</translation>
    </message>
</context>
<context>
    <name>LibraryFilesPanel</name>
    <message>
        <location filename="../../desktop/views/library_files.py" line="-70"/>
        <source>Drop more folders or files here to add them</source>
        <translation>Upuść tutaj kolejne foldery lub pliki, aby je dodać</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>&lt;p style=&apos;font-size:13pt&apos;&gt;Drop folders or files here&lt;/p&gt;&lt;p&gt;PDF, Word, Markdown, text, HTML, EPUB and source code.&lt;br&gt;Hearth keeps your files where they are; only an index is stored.&lt;/p&gt;</source>
        <translation>&lt;p style=&apos;font-size:13pt&apos;&gt;Upuść tutaj foldery lub pliki&lt;/p&gt;&lt;p&gt;PDF, Word, Markdown, tekst, HTML, EPUB i kod źródłowy.&lt;br&gt;Hearth zostawia pliki tam, gdzie są; zapisuje tylko indeks.&lt;/p&gt;</translation>
    </message>
</context>
<context>
    <name>LibrarySearchPanel</name>
    <message>
        <location filename="../../desktop/views/library_search.py" line="+35"/>
        <source>Ask something your documents answer…</source>
        <translation>Zadaj pytanie, na które odpowiadają Twoje dokumenty…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Search</source>
        <translation>Szukaj</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Select a hit to read the whole passage.</source>
        <translation>Wybierz wynik, aby przeczytać cały fragment.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Hybrid search: meaning (embeddings) and words (BM25), fused.</source>
        <translation>Wyszukiwanie hybrydowe: znaczenie (osadzenia) i słowa (BM25) razem.</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>Searching {library}…</source>
        <translation>Przeszukuję {library}…</translation>
    </message>
    <message numerus="yes">
        <location line="+10"/>
        <source>%n best passages for “{query}”</source>
        <translation>
            <numerusform>%n najlepszy fragment dla „{query}”</numerusform>
            <numerusform>%n najlepsze fragmenty dla „{query}”</numerusform>
            <numerusform>%n najlepszych fragmentów dla „{query}”</numerusform>
        </translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Nothing in {library} matches “{query}”.</source>
        <translation>W {library} nic nie pasuje do „{query}”.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Search failed.</source>
        <translation>Wyszukiwanie nie powiodło się.</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>page {page}</source>
        <translation>strona {page}</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>score {score}</source>
        <translation>wynik {score}</translation>
    </message>
</context>
<context>
    <name>LibrarySourcesPanel</name>
    <message>
        <location filename="../../desktop/views/library_files.py" line="+69"/>
        <source>Remove from library</source>
        <translation>Usuń z biblioteki</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Stop indexing this folder or file (the documents themselves are not touched)</source>
        <translation>Przestań indeksować ten folder lub plik (same dokumenty pozostaną nietknięte)</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../desktop/main_window.py" line="+41"/>
        <source>Chats</source>
        <translation>Czaty</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Models</source>
        <translation>Modele</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Libraries</source>
        <translation>Biblioteki</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+142"/>
        <source>Settings</source>
        <translation>Ustawienia</translation>
    </message>
    <message>
        <location line="-107"/>
        <source>Check them on the Settings page.</source>
        <translation>Sprawdź je na stronie Ustawienia.</translation>
    </message>
    <message>
        <location line="+102"/>
        <source>New chat</source>
        <translation>Nowa rozmowa</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Search chats</source>
        <translation>Szukaj w rozmowach</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Send the message (Shift+Enter: a new line)</source>
        <translation>Wyślij wiadomość (Shift+Enter: nowy wiersz)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Stop the reply, or hide the error bar</source>
        <translation>Zatrzymaj odpowiedź albo ukryj pasek błędu</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Chats, Models, Libraries, Settings</source>
        <translation>Rozmowy, Modele, Biblioteki, Ustawienia</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>This list</source>
        <translation>Ta lista</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Quit</source>
        <translation>Zakończ</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Keyboard shortcuts</source>
        <translation>Skróty klawiszowe</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>This page could not be opened. See the error above.</source>
        <translation>Nie udało się otworzyć tej strony. Zobacz błąd powyżej.</translation>
    </message>
</context>
<context>
    <name>Markdown</name>
    <message>
        <location filename="../../desktop/markdown.py" line="+101"/>
        <source>code</source>
        <translation>kod</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Copy</source>
        <translation>Kopiuj</translation>
    </message>
</context>
<context>
    <name>MessageView</name>
    <message>
        <location filename="../../desktop/widgets/message_view.py" line="+371"/>
        <source>Ask anything. Replies are written on this computer; nothing leaves it.</source>
        <translation>Pytaj o cokolwiek. Odpowiedzi powstają na tym komputerze; nic go nie opuszcza.</translation>
    </message>
</context>
<context>
    <name>MessageWidget</name>
    <message>
        <location line="-273"/>
        <source>You</source>
        <translation>Ty</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Assistant</source>
        <translation>Asystent</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Previous version</source>
        <translation>Poprzednia wersja</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Next version</source>
        <translation>Następna wersja</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Copy</source>
        <translation>Kopiuj</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Copy this message</source>
        <translation>Kopiuj tę wiadomość</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Edit</source>
        <translation>Edytuj</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Edit and resend</source>
        <translation>Edytuj i wyślij ponownie</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Regenerate</source>
        <translation>Wygeneruj ponownie</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Write this reply again</source>
        <translation>Napisz tę odpowiedź ponownie</translation>
    </message>
    <message>
        <location line="+47"/>
        <source>[~n]: the passage of source n this sentence restates (the model did not cite it; matched by meaning)</source>
        <translation>[~n]: fragment źródła n, który to zdanie powtarza (model go nie zacytował; dopasowano według znaczenia)</translation>
    </message>
    <message>
        <location line="+60"/>
        <source>writing…</source>
        <translation>pisze…</translation>
    </message>
    <message>
        <location line="+0"/>
        <location line="+27"/>
        <source>stopped</source>
        <translation>zatrzymano</translation>
    </message>
    <message>
        <location line="-26"/>
        <source>failed</source>
        <translation>błąd</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>first token {ms} ms</source>
        <translation>pierwszy token {ms} ms</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{prompt} prompt + {reply} reply tokens</source>
        <translation>tokeny: {prompt} promptu + {reply} odpowiedzi</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>hit the token limit</source>
        <translation>osiągnięto limit tokenów</translation>
    </message>
    <message numerus="yes">
        <location line="+8"/>
        <source>%n older messages left out so the conversation fits the model&apos;s context.</source>
        <translation>
            <numerusform>Pominięto %n starszą wiadomość, aby rozmowa zmieściła się w kontekście modelu.</numerusform>
            <numerusform>Pominięto %n starsze wiadomości, aby rozmowa zmieściła się w kontekście modelu.</numerusform>
            <numerusform>Pominięto %n starszych wiadomości, aby rozmowa zmieściła się w kontekście modelu.</numerusform>
        </translation>
    </message>
    <message>
        <location line="+25"/>
        <source>Version {i} of {n}: ‹ and › show the others</source>
        <translation>Wersja {i} z {n}: ‹ i › pokazują pozostałe</translation>
    </message>
</context>
<context>
    <name>ModelCard</name>
    <message>
        <location filename="../../desktop/views/first_run.py" line="-234"/>
        <source>Recommended</source>
        <translation>Polecany</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The best starter for this computer: the largest model that runs well here.</source>
        <translation>Najlepszy model na start dla tego komputera: największy, który działa tu sprawnie.</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>{n}B params</source>
        <translation>{n} mld parametrów</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>License: {license}</source>
        <translation>Licencja: {license}</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Download</source>
        <translation>Pobierz</translation>
    </message>
</context>
<context>
    <name>ModelsPage</name>
    <message>
        <location filename="../../desktop/views/models_page.py" line="+27"/>
        <source>Installed</source>
        <translation>Zainstalowane</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Discover</source>
        <translation>Odkrywaj</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+36"/>
        <source>Downloads</source>
        <translation>Pobrane</translation>
    </message>
    <message>
        <location line="-31"/>
        <source>Models</source>
        <translation>Modele</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Models on this computer, and more from Hugging Face sized for it.</source>
        <translation>Modele na tym komputerze i więcej z Hugging Face, dobranych do niego.</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>Downloads ({n})</source>
        <translation>Pobrane ({n})</translation>
    </message>
</context>
<context>
    <name>ModelsTable</name>
    <message numerus="yes">
        <location filename="../../desktop/qtmodels/models_table.py" line="-39"/>
        <source>%n layers</source>
        <translation>
            <numerusform>%n warstwa</numerusform>
            <numerusform>%n warstwy</numerusform>
            <numerusform>%n warstw</numerusform>
        </translation>
    </message>
    <message>
        <location line="+18"/>
        <source>{n} parameters</source>
        <translation>{n} parametrów</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>from {source}</source>
        <translation>z {source}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>no chat template in the file: a generic one is used</source>
        <translation>brak szablonu czatu w pliku: używany jest ogólny</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>loaded</source>
        <translation>wczytany</translation>
    </message>
</context>
<context>
    <name>PdfWindow</name>
    <message>
        <location filename="../../desktop/widgets/sources.py" line="+166"/>
        <source>{file} — page {page}</source>
        <translation>{file} — strona {page}</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Page {page} of {pages}</source>
        <translation>Strona {page} z {pages}</translation>
    </message>
</context>
<context>
    <name>ProgressStrip</name>
    <message>
        <location filename="../../desktop/views/library_ui.py" line="+155"/>
        <source>Cancel</source>
        <translation>Anuluj</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Dismiss</source>
        <translation>Zamknij</translation>
    </message>
</context>
<context>
    <name>SettingsPage</name>
    <message>
        <location filename="../../desktop/views/settings_page.py" line="+45"/>
        <source>Follow the system</source>
        <translation>Jak w systemie</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Light</source>
        <translation>Jasny</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Dark</source>
        <translation>Ciemny</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Automatic (GPU when it fits)</source>
        <translation>Automatycznie (GPU, gdy model się mieści)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>CPU only</source>
        <translation>Tylko CPU</translation>
    </message>
    <message>
        <location line="+37"/>
        <source>Settings</source>
        <translation>Ustawienia</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>Appearance</source>
        <translation>Wygląd</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Theme</source>
        <translation>Motyw</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>System</source>
        <translation>Systemowy</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Language</source>
        <translation>Język</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The new language is used after Hearth restarts.</source>
        <translation>Nowy język zacznie obowiązywać po ponownym uruchomieniu Hearth.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Restart now</source>
        <translation>Uruchom ponownie teraz</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>The system prompt new chats start with</source>
        <translation>Prompt systemowy, od którego zaczynają się nowe czaty</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>New chats start with</source>
        <translation>Nowe czaty zaczynają się od</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Hardware</source>
        <translation>Sprzęt</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Detecting…</source>
        <translation>Wykrywanie…</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Detect again</source>
        <translation>Wykryj ponownie</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Engine</source>
        <translation>Silnik</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Run models on</source>
        <translation>Uruchamiaj modele na</translation>
    </message>
    <message>
        <location line="+3"/>
        <location line="+6"/>
        <location line="+6"/>
        <source>Automatic</source>
        <translation>Automatycznie</translation>
    </message>
    <message>
        <location line="-11"/>
        <source>How many layers go to the GPU; 999 puts them all there.</source>
        <translation>Ile warstw trafia na GPU; 999 umieszcza tam wszystkie.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>GPU layers</source>
        <translation>Warstwy na GPU</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>CPU threads</source>
        <translation>Wątki CPU</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Context length</source>
        <translation>Długość kontekstu</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Changes apply the next time a model is loaded.</source>
        <translation>Zmiany zadziałają przy następnym wczytaniu modelu.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Data</source>
        <translation>Dane</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Open folder</source>
        <translation>Otwórz folder</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Data folder</source>
        <translation>Folder danych</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Models, chats, libraries and logs live here. Set the HEARTH_HOME environment variable to use another folder.</source>
        <translation>Tu są modele, czaty, biblioteki i logi. Ustaw zmienną środowiskową HEARTH_HOME, aby użyć innego folderu.</translation>
    </message>
    <message>
        <location line="+11"/>
        <location line="+262"/>
        <source>Optional: a local model folder</source>
        <translation>Opcjonalnie: lokalny folder modelu</translation>
    </message>
    <message>
        <location line="-258"/>
        <source>Choose…</source>
        <translation>Wybierz…</translation>
    </message>
    <message>
        <location line="+3"/>
        <location line="+310"/>
        <source>Embedding model folder</source>
        <translation>Folder modelu osadzeń</translation>
    </message>
    <message>
        <location line="-320"/>
        <source>Embedding model for new libraries</source>
        <translation>Model osadzeń dla nowych bibliotek</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Each library keeps its own model (change it on the library&apos;s page). The folder holds a local copy of the English model.</source>
        <translation>Każda biblioteka ma własny model (zmienisz go na jej stronie). Folder zawiera lokalną kopię modelu angielskiego.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Answers from libraries read more passages</source>
        <translation>Odpowiedzi z bibliotek czytają więcej fragmentów</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Off: passages from the five best documents, so answers start sooner. On: as many as fit the model&apos;s context; the answer may take much longer to start.</source>
        <translation>Wyłączone: fragmenty z pięciu najlepszych dokumentów, więc odpowiedź zaczyna się szybciej. Włączone: tyle, ile zmieści kontekst modelu; odpowiedź może zacząć się znacznie później.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Network</source>
        <translation>Sieć</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Offline mode: never use the network</source>
        <translation>Tryb offline: nigdy nie używaj sieci</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>A Hugging Face mirror, e.g. a company proxy; empty: HF_ENDPOINT, else huggingface.co</source>
        <translation>Serwer lustrzany Hugging Face, np. firmowe proxy; puste: HF_ENDPOINT, a bez niego huggingface.co</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Hub address</source>
        <translation>Adres Hub</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Hugging Face token</source>
        <translation>Token Hugging Face</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>hf_…  (for gated or private models)</source>
        <translation>hf_…  (dla modeli z ograniczonym dostępem lub prywatnych)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Save token</source>
        <translation>Zapisz token</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Remove</source>
        <translation>Usuń</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>{text} is not a web address.</source>
        <translation>{text} nie jest adresem internetowym.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Give the mirror&apos;s address, e.g. https://hf-mirror.example, or leave it empty for huggingface.co.</source>
        <translation>Podaj adres serwera lustrzanego, np. https://hf-mirror.example, albo zostaw puste dla huggingface.co.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>API server</source>
        <translation>Serwer API</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Serve an OpenAI-compatible API to programs on this computer</source>
        <translation>Udostępniaj programom na tym komputerze API zgodne z OpenAI</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Port</source>
        <translation>Port</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Never</source>
        <translation>Nigdy</translation>
    </message>
    <message>
        <location line="+1"/>
        <source> min</source>
        <translation> min</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Unload a model the server loaded after this long without requests; the next request loads it again</source>
        <translation>Zwolnij model wczytany przez serwer po takim czasie bez zapytań; następne zapytanie wczyta go znowu</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Unload when idle</source>
        <translation>Zwalniaj po bezczynności</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Copy</source>
        <translation>Kopiuj</translation>
    </message>
    <message>
        <location line="+3"/>
        <location line="+76"/>
        <source>Address</source>
        <translation>Adres</translation>
    </message>
    <message>
        <location line="-74"/>
        <source>Traffic</source>
        <translation>Ruch</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Only programs on this computer can connect. Point an OpenAI client at the address; models are named as on the Models page, libraries as library:NAME. Requests wait for your own chats: there is one model.</source>
        <translation>Łączyć się mogą tylko programy na tym komputerze. Podaj ten adres klientowi OpenAI; modele mają nazwy jak na stronie Modele, biblioteki — library:NAZWA. Zapytania czekają na Twoje rozmowy: model jest jeden.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>No requests yet</source>
        <translation>Jeszcze nie było zapytań</translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>%n requests</source>
        <translation>
            <numerusform>%n zapytanie</numerusform>
            <numerusform>%n zapytania</numerusform>
            <numerusform>%n zapytań</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>%n running or waiting</source>
        <translation>
            <numerusform>%n trwa lub czeka</numerusform>
            <numerusform>%n trwają lub czekają</numerusform>
            <numerusform>%n trwa lub czeka</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>%n turned away (queue full)</source>
        <translation>
            <numerusform>%n odrzucone (kolejka pełna)</numerusform>
            <numerusform>%n odrzucone (kolejka pełna)</numerusform>
            <numerusform>%n odrzuconych (kolejka pełna)</numerusform>
        </translation>
    </message>
    <message>
        <location line="+43"/>
        <source>Not serving</source>
        <translation>Wyłączony</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Remote engines</source>
        <translation>Zdalne silniki</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+35"/>
        <source>None yet</source>
        <translation>Jeszcze żadnego</translation>
    </message>
    <message>
        <location line="-32"/>
        <source>Added</source>
        <translation>Dodane</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>a short name, e.g. lab</source>
        <translation>krótka nazwa, np. lab</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Name</source>
        <translation>Nazwa</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>API key, if the server needs one</source>
        <translation>klucz API, jeśli serwer go wymaga</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>API key</source>
        <translation>Klucz API</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Add and find its models</source>
        <translation>Dodaj i znajdź jego modele</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Remove the named one</source>
        <translation>Usuń silnik o tej nazwie</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>A remote engine is another computer&apos;s OpenAI-compatible server (llama-server, vLLM, Ollama, LM Studio, Hearth). Its models appear in the model picker; what you send them leaves this computer. Offline mode turns them off.</source>
        <translation>Zdalny silnik to serwer zgodny z OpenAI na innym komputerze (llama-server, vLLM, Ollama, LM Studio, Hearth). Jego modele pojawiają się w wyborze modelu; to, co im wysyłasz, opuszcza ten komputer. Tryb offline je wyłącza.</translation>
    </message>
    <message>
        <location line="+51"/>
        <source>About</source>
        <translation>O programie</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>run language models and chat with your documents, privately, on this computer.</source>
        <translation>uruchamiaj modele językowe i rozmawiaj ze swoimi dokumentami — prywatnie, na tym komputerze.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Show open-source licenses</source>
        <translation>Pokaż licencje open source</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>Set by HEARTH_EMBEDDING_MODEL_PATH: {path}</source>
        <translation>Ustawione przez HEARTH_EMBEDDING_MODEL_PATH: {path}</translation>
    </message>
    <message>
        <location line="+73"/>
        <source>Could not detect the hardware: {error}</source>
        <translation>Nie udało się wykryć sprzętu: {error}</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Unavailable: {error}</source>
        <translation>Niedostępne: {error}</translation>
    </message>
    <message>
        <location line="+53"/>
        <source>Not set. Public models download without one.</source>
        <translation>Nie ustawiono. Publiczne modele pobierają się bez niego.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>in the system keyring</source>
        <translation>w systemowym pęku kluczy</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>in Hearth&apos;s data folder</source>
        <translation>w folderze danych Hearth</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>from the Hugging Face CLI login</source>
        <translation>z logowania Hugging Face CLI</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Set ({where}).</source>
        <translation>Ustawiono ({where}).</translation>
    </message>
</context>
<context>
    <name>SourcePreview</name>
    <message>
        <location filename="../../desktop/widgets/source_preview.py" line="-25"/>
        <source>No app on this computer opens {kind} files, so it stays here. The file is {path}</source>
        <translation>Na tym komputerze żadna aplikacja nie otwiera plików {kind}, więc zostaje tutaj. Plik: {path}</translation>
    </message>
</context>
<context>
    <name>SourceWindow</name>
    <message>
        <location line="+81"/>
        <source>page {page}</source>
        <translation>strona {page}</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Loading…</source>
        <translation>Wczytywanie…</translation>
    </message>
    <message>
        <location line="+36"/>
        <source>This file has no indexed text (it may have been removed from the library).</source>
        <translation>Ten plik nie ma zaindeksowanego tekstu (mógł zostać usunięty z biblioteki).</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>The text could not be read from the library: {error}</source>
        <translation>Nie udało się odczytać tekstu z biblioteki: {error}</translation>
    </message>
</context>
<context>
    <name>Sources</name>
    <message>
        <location filename="../../desktop/widgets/sources.py" line="-151"/>
        <source>source</source>
        <translation>źródło</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>p. {page}</source>
        <translation>s. {page}</translation>
    </message>
</context>
<context>
    <name>SourcesPanel</name>
    <message>
        <location line="+16"/>
        <source>Sources</source>
        <translation>Źródła</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Hide sources</source>
        <translation>Ukryj źródła</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Click a source to open it at the cited page.</source>
        <translation>Kliknij źródło, aby otworzyć je na cytowanej stronie.</translation>
    </message>
    <message>
        <location line="+58"/>
        <source>cited</source>
        <translation>zacytowane</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>~ restated, not cited</source>
        <translation>~ powtórzone, nie zacytowane</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>not cited</source>
        <translation>nie zacytowane</translation>
    </message>
</context>
<context>
    <name>StatusBar</name>
    <message>
        <location filename="../../desktop/widgets/status.py" line="+17"/>
        <source>Model busy</source>
        <translation>Model zajęty</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Indexing</source>
        <translation>Indeksowanie</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Working</source>
        <translation>Pracuję</translation>
    </message>
    <message>
        <location line="+36"/>
        <source>Loading {model}…</source>
        <translation>Wczytywanie {model}…</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>No model loaded</source>
        <translation>Nie wczytano modelu</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>all layers on GPU</source>
        <translation>wszystkie warstwy na GPU</translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>%n GPU layers</source>
        <translation>
            <numerusform>%n warstwa na GPU</numerusform>
            <numerusform>%n warstwy na GPU</numerusform>
            <numerusform>%n warstw na GPU</numerusform>
        </translation>
    </message>
    <message>
        <location line="+1"/>
        <source>context {n}</source>
        <translation>kontekst {n}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Fell back to CPU: {reason}</source>
        <translation>Przełączono na CPU: {reason}</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Memory {used} · {free} free</source>
        <translation>Pamięć {used} · wolne {free}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Hearth uses {used}; the system has {free} of {total} available.</source>
        <translation>Hearth używa {used}; w systemie dostępne jest {free} z {total}.</translation>
    </message>
</context>
</TS>
