<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>Account</name>
    <message>
        <source>Sign out</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n change(s) have not reached the office yet. They stay on this laptop and are sent after the next sign-in. Sign out anyway?</source>
        <translation>
            <numerusform>%n change has not reached the office yet. It stays on this laptop and is sent after the next sign-in. Sign out anyway?</numerusform>
            <numerusform>%n changes have not reached the office yet. They stay on this laptop and are sent after the next sign-in. Sign out anyway?</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ActionForm</name>
    <message>
        <source>&amp;Kind</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;What was done</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Result</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Result &amp;details</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Te&amp;mplate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>e.g. Restarted the listener on node 2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Record action  (Ctrl+Enter)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save as template…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keep this action (kind, what was done, result) to record it again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Forget the chosen template</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No templates yet: fill in an action, then save it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a template…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This system is not in the contract&apos;s Annex 1: billable separately.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Out of scope: the contract excludes this kind of work (billable separately).</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ActionKind</name>
    <message>
        <source>Restart</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Service stop/start</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Configuration change</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Patch</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Temporary hardware</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Workaround</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Test</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Other</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Planned change</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Optimisation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Preventive work</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Routine upgrade</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Channel</name>
    <message>
        <source>phone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>e-mail</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>portal</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>on site</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>other</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ClockCard</name>
    <message>
        <source>The contract sets no target for this priority.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Target {target}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>due {time}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>paused {time}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>stopped {time}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ClockForm</name>
    <message>
        <source>Signed off: the SLA clock stopped for good at {time} ({outcome}).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancelled: the SLA clock no longer counts.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resolved: the SLA clock stopped at {time} ({outcome}). Reopening the incident lets it run again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Reason</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>e.g. The client&apos;s DBA is not on site yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This contract does not let the SLA clock stop while you wait.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The SLA clock is paused.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The SLA clock is running. Pause it while the client cannot give you access or information.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resume clock  (Ctrl+Enter)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pause clock  (Ctrl+Enter)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DraftsBanner</name>
    <message>
        <source>Open them</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Unsaved entries from your last session are waiting in %n incident(s).</source>
        <translation>
            <numerusform>Unsaved entries from your last session are waiting in %n incident.</numerusform>
            <numerusform>Unsaved entries from your last session are waiting in %n incidents.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>EntryForm</name>
    <message>
        <source>Draft kept</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Draft from {time} restored</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Errors</name>
    <message>
        <source>Not recorded</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Something went wrong</source>
        <extracomment>Tests replace this to look at the dialog instead of blocking on it.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fieldbook hit an unexpected problem. What you already saved is safe; the last action may not have been recorded.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The details are in the log file:
{path}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Format</name>
    <message>
        <source>{d} d {h} h</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{d} d</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{h} h {m} min</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{h} h</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{m} min</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no target</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>met</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>missed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>breached {t} ago</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{t} (paused)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>response</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>resolution</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>IncidentList</name>
    <message>
        <source>Number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Priority</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SLA clock: time left</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Client</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>System</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Title</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{clock}: {left}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{system} (not covered)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{clock} due {due}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This system is not in the contract&apos;s Annex 1.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>IncidentListPage</name>
    <message numerus="yes">
        <source>{shown} of %n incident(s)</source>
        <translation>
            <numerusform>{shown} of %n incident</numerusform>
            <numerusform>{shown} of %n incidents</numerusform>
        </translation>
    </message>
    <message>
        <source>Filter by number, client, system or text  (Ctrl+F)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>P1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>About to breach</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Breached</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loading incidents…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>IncidentWorkspace</name>
    <message>
        <source>Response</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resolution</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing recorded.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Client sign-off…  ({keys})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Also Ctrl+Shift+S</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No further status change from here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Phone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>E-mail</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Portal</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Walk-up on site</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Other</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel incident</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel this incident? Nothing more can be recorded on it afterwards.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Client</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>System</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Contract</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Channel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Notified</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Site</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What the client reported</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy the site&apos;s address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy what the client reported (it names the caller)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This system is not in the contract&apos;s Annex 1: work on it is out of scope and billable separately.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Next step</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Service report…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Preview, save or print the report (Ctrl+R)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Timeline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Void an entry…  (Ctrl+D)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Record</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Note</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Action</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Swap</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Parts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SLA clock</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Mail</name>
    <message>
        <source>The address must be text.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The address is empty.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The address is longer than {limit} characters.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Give one plain address, without spaces, names or a list.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The address needs a name, an @ and a domain (name@example.com).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The part before the @ is not valid.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The domain after the @ is not valid (it looks like example.com).</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Fieldbook</source>
        <extracomment>Every how many seconds the SLA alerts are checked (the clocks move by the minute). A tab&apos;s close button, in Qt&apos;s own catalogue (qtbase_*.qm), not ours.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Incidents</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Van stock</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New incident on site…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Find incident</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Settings…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Close tab</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open log folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign in to the office…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign out…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sync now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Changes the office refused…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Main toolbar</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Data folder: {path}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This computer was marked lost</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>NewIncidentDialog</name>
    <message>
        <source>New incident on site</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Contract</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>S&amp;ystem</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>System &amp;name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Priority</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Title</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Description</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The system the client is asking about</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>e.g. 打印服务器无法访问 / print server down</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open incident</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Other system (not in Annex 1)…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>NoteForm</name>
    <message>
        <source>&amp;What did you find?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Symptoms, error messages, what you checked. Paste logs here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Log or command output (keep it monospace)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Files</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add &amp;files…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Paste &amp;screenshot</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add note  (Ctrl+Enter)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The clipboard holds no image.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The clipboard&apos;s image could not be saved.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Attach files</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PartsForm</name>
    <message>
        <source>The van stock is empty.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n available in the van</source>
        <translation>
            <numerusform>%n available in the van</numerusform>
            <numerusform>%n available in the van</numerusform>
        </translation>
    </message>
    <message>
        <source>&amp;Part</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Quantity</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type part of its number or name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use parts  (Ctrl+Enter)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PassphraseDialog</name>
    <message>
        <source>Unlock the data folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This computer has no keyring to keep the key of your data folder {path}. Choose a passphrase: the client data on this laptop is encrypted with it, and you will type it at every start. Without it the data cannot be read.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type the passphrase of the data folder {path}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Passphrase</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A passphrase needs at least {minimum} characters.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The two passphrases differ.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type the passphrase.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RefusalDialog</name>
    <message>
        <source>The client refuses to sign</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nobody is available to sign</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What happened, in a few words</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Seal without signature</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Why</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Reason</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No signature</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RefusedChangesDialog</name>
    <message>
        <source>Recorded</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Incident</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Change</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Why the office refused it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What you can do</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing was refused. Everything you recorded reached the office or is waiting to be sent.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Received</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>From the office</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Records from the office this laptop could not store beside its own</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Send again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Discard…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Close</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Changes the office refused</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(the office has: {status}; the office&apos;s value stands)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Discard this change?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The office will never get it. It stays on this laptop, marked as discarded. Discard it?</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Report</name>
    <message>
        <source>Emergency service report</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Brief report</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Detailed report</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Draft: not yet signed off by the client</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Page {page} of {pages}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Generated {when}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Seal</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Draft, not sealed:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Times are {zone}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Incident</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Service level</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Outcome and summary</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Timeline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hardware replaced</source>
        <comment>section</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Spare parts used</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time spent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Work outside the agreement</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Client sign-off</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Addenda after the sign-off</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Recorded after the client signed: not covered by the signature or the seal.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Service provider</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Client</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Contract</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>System</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Location</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Priority</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reported by</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reported</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{when} ({channel})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>First response</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resolved</source>
        <comment>time</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Engineer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Problem</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Description</source>
        <comment>incident</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} (Annex 1, {category})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} (not in Annex 1: work billable separately)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clock</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Target</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Actual</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Paused</source>
        <comment>time paused</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Result</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Response</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resolution or workaround</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>none set</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clock pauses (client could not give access or information)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>From</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>To</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Duration</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reason</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>still paused</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Met</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Missed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Running</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Paused</source>
        <comment>clock state</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No target</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fixed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Workaround in place</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not resolved yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Engineer&apos;s outcome</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Confirmed by the client</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resolved</source>
        <comment>outcome</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not resolved</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{actions} ({succeeded} succeeded, {partial} partly, {failed} failed), {notes}, {attachments}, {swaps}, {parts}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Diagnosis</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Log</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Attachment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Action</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hardware replaced</source>
        <comment>timeline entry</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Spare part</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SLA clock paused</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SLA clock resumed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Correction</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign-off</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Voided: {reason}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Voids the entry of {when}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Result: {result}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Out of scope: billable separately</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>[… {lines} ({chars} characters) left out here …]</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The full text is in the attached file {name} ({size}).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The full text is kept in the record.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(image could not be read)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} ({size})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{old} → {new}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{kind}: {start} – {end} ({duration})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>succeeded</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>partly succeeded</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Removed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Installed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kind</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>TEMPORARY</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>permanent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Note</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>S/N {serial}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Part number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Description</source>
        <comment>spare part</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Qty</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Travel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>On site</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Waiting for the client</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Total</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Billable separately</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>None: all work was covered by the agreement.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All work was covered by the agreement.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>None.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Signed by</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Role</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Signed at</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Comment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The client refused to sign</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nobody from the client was available to sign</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Recorded at</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Client&apos;s representative</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not signed yet. This draft is not sealed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Seal (SHA-256 of the record as signed)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Record fingerprint (SHA-256, not sealed)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check it against the record: fieldbook verify REPORT.pdf</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>—</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>: </source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n action(s)</source>
        <extracomment>Phrases with a count (``%n``): English has a singular and a plural, Chinese one form.</extracomment>
        <translation>
            <numerusform>%n action</numerusform>
            <numerusform>%n actions</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n diagnostic note(s)</source>
        <translation>
            <numerusform>%n diagnostic note</numerusform>
            <numerusform>%n diagnostic notes</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n attachment(s)</source>
        <translation>
            <numerusform>%n attachment</numerusform>
            <numerusform>%n attachments</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n hardware replacement(s)</source>
        <translation>
            <numerusform>%n hardware replacement</numerusform>
            <numerusform>%n hardware replacements</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n spare part(s) used</source>
        <translation>
            <numerusform>%n spare part used</numerusform>
            <numerusform>%n spare parts used</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n line(s)</source>
        <translation>
            <numerusform>%n line</numerusform>
            <numerusform>%n lines</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ReportDialog</name>
    <message>
        <source>Service report</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Detailed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Brief</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The client&apos;s language</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Save as…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Send to the &amp;client…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The office e-mails this report to the client when this laptop syncs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Open in viewer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Print…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Close</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n page(s) · sealed {seal}…</source>
        <translation>
            <numerusform>%n page · sealed {seal}…</numerusform>
            <numerusform>%n pages · sealed {seal}…</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n page(s) · draft: the client has not signed yet</source>
        <translation>
            <numerusform>%n page · draft: the client has not signed yet</numerusform>
            <numerusform>%n pages · draft: the client has not signed yet</numerusform>
        </translation>
    </message>
    <message>
        <source>The report could not be made.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Building the report…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save report</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved to {path}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Queued for {address}: it will be sent when you are online.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sent to the printer.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Rules</name>
    <message>
        <source>The change is for another incident.</source>
        <extracomment>The refusals&apos; parameters that are marked text, with their context. A refusal reaches the laptop as plain text (``sync.protocol.Explanation``); the laptop marks these again (:func:`domain.messages.terms`) to show them in the technician&apos;s language.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Incident {number} was signed off by the client; it can only be closed now.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Incident {number} is “{current}” now, not “{expected}”: the change to “{target}” was not made.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>An incident is signed off by the client&apos;s signature, not by a status change.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Say whether it is fixed or a workaround is in place.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only a resolved incident has an outcome.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A new incident starts as new; its status changes follow.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The entry is for another incident.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A status change is checked as a status change.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dispatch changes the priority and who works on it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A time entry cannot end before it starts.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use at least one part.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The note this file belongs to is not on the record.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Incident {number} is closed: nothing more can be recorded.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Incident {number} was cancelled; nothing more can be recorded on it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Incident {number} is signed off already.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Incident {number} is signed off: its SLA clock has stopped.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Incident {number} was signed off at its priority; it cannot change now.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Incident {number} was signed off by the client; what was signed cannot be voided.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no such entry to void.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The entry to void belongs to another incident.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A correction cannot itself be voided.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A status change cannot be voided; change the status again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>That entry is already voided.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Incident {number} is “{status}”: the client signs off a resolved incident.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The client signed entry {entry}, which was voided on another device before the signature reached the office: sync and have the client sign the record as it is now.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The seal&apos;s format {format} is not known here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The client signed entries the office&apos;s record does not hold: sync, then have the client sign the record as it is now.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What the client signed differs from the office&apos;s record of incident {number} (changed meanwhile by the office or another device): sync, then have the client sign the record as it is now.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The contract does not let the SLA clock stop.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Incident {number} is resolved: its clock has already stopped.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Incident {number} is {priority} now, not {expected}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The priority is the same.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Say why the priority changes.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Incident {number} was reassigned meanwhile.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Incident {number} was signed with an older Fieldbook whose seal covers the technician; it stays with them.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SendReportDialog</name>
    <message>
        <source>Send to the client</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The office e-mails the report of {number} to this address, rendered from its record, when this laptop syncs.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Offline? It will be sent when you are online.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Send</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;E-mail address</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Same as the system</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Data folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Log file</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SignInDialog</name>
    <message>
        <source>Sign in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;User</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Password</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your password is not kept; the sign-in is kept in the system&apos;s keyring.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign in to the office</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fill in the server, your user name and your password.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Signing in failed unexpectedly; the details are in the log.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SignOffDialog</name>
    <message>
        <source>Resolved</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Workaround in place</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not resolved</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign and seal</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Client refuses or is not available…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Signer&apos;s &amp;name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Role</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Outcome</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Comment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>e.g. 张伟</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>e.g. IT operations manager</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Client sign-off — {number}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Signature</name>
    <message>
        <source>The signature is empty: ask the client to sign.</source>
        <extracomment>Stored coordinates per logical pixel. Strokes with more points than this, or more strokes than this, are not a signature.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The signature is too large; clear it and sign again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The signature is too short to be a signature: ask the client to sign in full.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SignaturePad</name>
    <message>
        <source>Undo stroke</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Take back the last stroke</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clear</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start the signature again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign above the line</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Signature</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SingleWindow</name>
    <message>
        <source>Fieldbook is already open on this data folder ({path}) but does not answer. Close it (or end it), then start Fieldbook again.</source>
        <extracomment>What the attached window needs and the frame does not: imported on the reader thread while the frame paints (:func:`launch`), so that attaching costs the GUI thread little.</extracomment>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SlaNotices</name>
    <message>
        <source>New incident assigned</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n SLA clock(s) need attention</source>
        <translation>
            <numerusform>%n SLA clock needs attention</numerusform>
            <numerusform>%n SLA clocks need attention</numerusform>
        </translation>
    </message>
    <message>
        <source>Most urgent: {alert}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SLA breached</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{number} ({priority}): {clock} target of {target} missed {ago} ago</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SLA about to breach</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{number} ({priority}): {clock} due in {left}, at {time}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open this incident</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Statement</name>
    <message>
        <source>SLA statement</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{client} · contract {contract} · {period}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Figures as of {when}; times are {zone}. Open clocks are read at that moment.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Each clock runs from the client&apos;s first notice and is judged against the target of the incident&apos;s latest priority; waiting for the client pauses the resolution clock where the contract allows. Cancelled incidents and incidents on systems outside Annex 1 are listed but not counted. Every line carries its report&apos;s seal, so it can be checked against the signed report.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Service level by priority</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Incidents</source>
        <comment>how many</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Met</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Missed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Share met</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Median</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Worst</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resolution</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not set</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Incidents</source>
        <comment>section</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Incident</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>First notice</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Channel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Responded</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Seal {seal}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Report seal</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>fixed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>workaround in place</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(did not match the record when it arrived)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not signed off</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>reopened {n}×</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>priority {steps}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>lowered after a breach</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cancelled: {reason}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>outside Annex 1: billable</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>paused {time}: {reasons}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>met</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>missed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>running</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>paused</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no target</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Breaches and what the record says</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{number} · {priority} · {clock}: {actual} against {target} ({over} over)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>still running</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>First notice by {channel}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{status}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clock paused: {reason}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clock resumed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Priority {detail}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reopened (back on site): {detail}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Signed off by the client</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancelled (not counted)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Work outside the agreement (billable separately)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Emergency on {system}, outside Annex 1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>When</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time logged</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>logged per visit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Part</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Temporary parts still installed at the client</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Installed (serial)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Replaced (serial)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Since</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{m} min</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>portal</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>walk-up</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>on site</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Routine upgrade</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Service stop/start</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Workaround</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Status</name>
    <message>
        <source>new</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>responded</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>travelling</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>on site</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>waiting for client</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>resolved</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>signed off</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>closed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>An incident cannot go from “{current}” to “{target}”.</source>
        <extracomment>States in which work is still going on (cancelling is allowed from each of them). States in which what was recorded is sealed by the client&apos;s sign-off.</extracomment>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Steps</name>
    <message>
        <source>Responded</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start travel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>On site</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Arrived</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Waiting for client…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Client is back</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resolved…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reopen: fix did not hold</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Close incident</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel incident…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>StockPage</name>
    <message>
        <source>Part</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Description</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>On hand</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Used, not synced</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Available</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Incident</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Client</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>System</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Temporary part in place</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Original part (removed)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Since</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Van stock</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Temporary replacements still in place at clients</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>StoreError</name>
    <message>
        <source>Cannot use the data folder {path}: {reason}</source>
        <extracomment>import alone costs a third of a second at every start); tests check it is the head. The meta key of the laptop clock&apos;s offset from the service&apos;s, in microseconds.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The data folder {path} was written by a newer Fieldbook (schema {revision}). Update Fieldbook to open it; nothing was changed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The data folder {path} is busy: another Fieldbook is writing to it. Try again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The data folder {path} cannot be written to (read-only).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The disk holding {path} reported a read or write error.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The database in {path} is damaged. Your backups are in its &apos;backups&apos; folder.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The disk holding {path} is full. Free some space and try again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The database in {path} cannot be opened.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The file {path} is not a Fieldbook database (or it is encrypted).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The key description {path} is damaged ({reason}).</source>
        <extracomment>scrypt&apos;s cost: 64 MiB and about a quarter of a second, once per start. Asks the technician for the passphrase: ``new`` (True: set one, ask twice), the data folder; returns it, or None when they cancel.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The data folder {path} needs a passphrase: no keyring works here to keep its key. Type it when asked (at a terminal or in the window), or set FIELDBOOK_PASSPHRASE.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A passphrase needs at least {minimum} characters.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The key of the data folder {path} is not in this computer&apos;s keyring (another user, or the keyring was reset). The data cannot be read without it; nothing was changed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The database in {path} is not a Fieldbook database, or it is encrypted and its key description fieldbook.key.json is missing (put it back to open the folder). Nothing was changed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This passphrase (or key) does not open the data folder {path}. Nothing was changed; try again.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SummaryView</name>
    <message>
        <source>What was done</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No action recorded.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>out of scope, billable separately</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hardware replaced</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Spare parts used</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Service level</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>temporary</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>permanent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Response</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resolution</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no target in the contract</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>target {target}, {state}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SwapForm</name>
    <message>
        <source>Part &amp;removed</source>
        <extracomment>The serial fields&apos; names as the use case says them (marked in desktop.usecases.work).</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Removed &amp;serial</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Part &amp;installed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Installed s&amp;erial</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Replacement</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Note</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>From the &amp;van</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type to find it in the catalogue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type or scan</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Serial numbers: {low} to {high} characters, letters A–Z, digits 0–9 and - . / _ : only. A scanner&apos;s Enter or Tab moves to the next field.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Permanent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Temporary (from spares, to be replaced)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Record swap  (Ctrl+Enter)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No: a part of my own, or the client&apos;s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{part} — {description} ({n} in the van)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SyncController</name>
    <message>
        <source>Sync failed unexpectedly; the details are in the log.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Not signed in · %n change(s) kept here</source>
        <translation>
            <numerusform>Not signed in · %n change kept here</numerusform>
            <numerusform>Not signed in · %n changes kept here</numerusform>
        </translation>
    </message>
    <message>
        <source>Syncing…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Offline: your work is kept and syncs when the network is back</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Synced at {time}</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n change(s) waiting</source>
        <translation>
            <numerusform>%n change waiting</numerusform>
            <numerusform>%n changes waiting</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n refused</source>
        <translation>
            <numerusform>%n refused</numerusform>
            <numerusform>%n refused</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n from the office set aside</source>
        <translation>
            <numerusform>%n from the office set aside</numerusform>
            <numerusform>%n from the office set aside</numerusform>
        </translation>
    </message>
    <message>
        <source>Not synced yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>sending</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>uploading files</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>receiving</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SyncStatusWidget</name>
    <message>
        <source>Show refused changes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sync now (F9)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SystemCategory</name>
    <message>
        <source>server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>network</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>storage</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>operating system</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>database</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>middleware</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>application</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TemplateNameDialog</name>
    <message>
        <source>Save as template</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>e.g. Restart the TNS listener</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saving under a name that exists replaces that template. Templates stay on this laptop.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TimeForm</name>
    <message>
        <source>&amp;Kind</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;From</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Until</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start travel, Arrived and the other status buttons log time by themselves; use this only for time they did not see.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Log time  (Ctrl+Enter)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Timeline</name>
    <message>
        <source>Restart</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Service stop/start</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Configuration change</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Patch</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Temporary hardware from spares</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Workaround</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Test or measurement</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Other</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Planned change</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Optimisation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Preventive work</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Routine upgrade</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>worked</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>partly worked</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>did not work</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>fixed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>workaround in place</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Travel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>On site</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Waiting for the client</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Diagnosis</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Action</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hardware swap</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Spare part</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SLA clock</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Correction</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Client sign-off</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>resolved</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not resolved</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show less</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>… {lines} ({chars} characters) not shown …</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show all</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n line(s)</source>
        <translation>
            <numerusform>%n line</numerusform>
            <numerusform>%n lines</numerusform>
        </translation>
    </message>
    <message>
        <source>Result</source>
        <extracomment>Pictures larger than this are listed, not shown inline (they go into the page whole).</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Out of scope: billable separately</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>temporary</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>permanent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Removed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Installed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Used {n} × {part} from the van</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clock paused: {reason}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clock running again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Seal</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Signed by {name} ({role}): {outcome}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The client refused to sign: {reason}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nobody was available to sign: {reason}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Voided an earlier entry: {reason}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Report e-mailed to {address} at {time}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Report to {address}: will be sent when you are online</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Report to {address}: the office refused it: {reason}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Report to {address}: the office is e-mailing it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not sent yet ({attempts} tries): {reason}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Addendum</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Voided: {reason}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Void…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Report e-mail</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing recorded yet.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>UseCaseError</name>
    <message>
        <source>The data folder is not empty ({incidents} incidents, {clients} clients).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The number of demo incidents must be a whole number.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The number of demo incidents must be between 1 and {limit}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The reason</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The clock of {number} is already paused.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The clock of {number} is not paused.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The time {value} has no time zone.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{label} must be text.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The incident</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>incident</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{label}: “{value}” is not one of {allowed}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{label} cannot be empty.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{label} is too long: {length} characters, at most {limit} allowed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No {what} “{ref}” in this data folder.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Incident {number} was signed off by the client; what was signed cannot change.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only {available} of {part} left in the van; cannot use {requested}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The title</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The description</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The priority</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The channel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>covered system</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The system</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The outcome</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>contract</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The note</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Say whether the note is plain text or a log.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The list of files</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>note</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>That note was voided; attach to the incident.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The file {path} does not exist.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{path} is not a file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The file {path} cannot be read: {reason}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The file {path} is empty.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The file {path} is larger than {limit} MB.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The quantity must be a whole number.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The quantity must be between 1 and {limit}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The part</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>spare part</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The kind of time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Give a date and time.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The end must come after the start.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>One time entry can cover at most 24 hours; split it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>entry</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The template&apos;s name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The kind of action</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The result</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>action template</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The removed part</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The installed part</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The removed serial number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The installed serial number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The removed and installed parts have the same serial number {serial}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Say whether the replacement is temporary or permanent.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The signer&apos;s name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The signer&apos;s role</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The comment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The signature could not be read: {reason}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The refusal</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>You are offline — your work is kept and will sync when the network is back.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your session has expired: sign in again; nothing is lost.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>You were signed out by the office: sign in again; nothing is lost. If you cannot, ask the office.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The office marked this computer lost: Fieldbook erased its data here ({folder}) and signed out. If this is a mistake, call the office; what was synced is safe there.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Too many failed sign-ins: wait {seconds} seconds, then try again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Too many failed sign-ins: wait {minutes} minutes, then try again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>You are not signed in: sign in to sync; nothing is lost.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The user name or the password is wrong.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{username} is not a technician: only technicians sync a laptop.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This Fieldbook is too old for the office&apos;s server: please update. Your work is kept and syncs after the update.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The office&apos;s server is older than this Fieldbook: ask the office to update it. Your work is kept.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The office answered strangely (a hotel or guest network asking to sign in, or a proxy in the way?): your work is kept; try again on another network.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The office&apos;s server has a problem: try again later. Your work is kept.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The office&apos;s server could not read what Fieldbook sent (a bug, written to the log). Your work is kept.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No password store (keyring) works on this computer, so Fieldbook cannot keep your sign-in safely: start or unlock one (GNOME Keyring, KWallet, the Windows Credential Manager, the macOS Keychain) and sign in again. ({detail})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{pending} change(s) are not synced yet: sync first, or sign out anyway (they are kept and sync after the next sign-in).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Change {seq} is not a change the office refused.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The office&apos;s record moved on first: check the incident and record it again if it still applies, then discard this.</source>
        <extracomment>For a window: give up on an unreachable office quickly, the next try comes anyway (the command line&apos;s default waits minutes before it says &quot;offline&quot;). Set in a data folder the demo office filled (desktop.demo): the first sign-in to a real office clears it.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>That status change is not allowed: discard it and record the right one.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This incident is not (or no longer) assigned to you: tell dispatch, then discard this.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The client signed off: what was signed cannot change. Record an addendum, then discard this.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The office does not have the record this refers to yet: retry after the next sync, or discard it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The office holds a different record under this id or number: discard it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The office could not take this change: update Fieldbook and retry it, or discard it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The office&apos;s record and this laptop&apos;s differ here (usually a change of this incident the office refused). Deal with its refused changes: discarding one downloads the office&apos;s record again. This record is tried again at every sync.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>“{verb}” is not a step; the steps are {verbs}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Incident {number} is {current}: “{verb}” is not a next step (possible: {steps}).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only “wait” can pause the SLA clock.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The contract of {number} does not let the SLA clock stop while you wait.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{label} may hold only letters A–Z, digits 0–9 and - . / _ : (not {chars}).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{label} must be {low} to {high} characters long (it has {length}).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The report&apos;s language is English or Chinese.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>VoidDialog</name>
    <message>
        <source>&amp;Entry</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Why</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Void an entry</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Void</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>e.g. Recorded on the wrong incident</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>WaitDialog</name>
    <message>
        <source>Say why you are waiting: the client sees it in the report.</source>
        <extracomment>The header&apos;s facts, in reading order (three a row). Characters of the client&apos;s report shown before &quot;…&quot; (all of it in the tooltip). Take the step that moves the job forward (the primary status button).</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Waiting for the client</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The contract lets the SLA clock stop while the client cannot give you access or information. Pause it while you wait? It runs again when the client is back.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Why are you waiting?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>e.g. The client&apos;s DBA is not on site yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Wait and &amp;pause the clock</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Wait, the clock &amp;keeps running</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
