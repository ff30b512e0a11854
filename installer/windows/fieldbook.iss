; Inno Setup script: Fieldbook for one Windows user, no administrator rights needed.
;
; Built by installer/build.py on Windows (after the bundle passed its self-test), or by
; hand from the repository root (installer/README.md):
;   ISCC /DAppVersion=0.1.0 installer\windows\fieldbook.iss
; Needs Inno Setup 6.3 or newer (the x64compatible architecture name).
;
; What it does:
;   installs dist\fieldbook\ into %LOCALAPPDATA%\Programs\Fieldbook (per user),
;   a Start-menu shortcut to fieldbookw.exe (the window, no console), optionally one on
;   the desktop, and an uninstaller (Settings > Apps, or the Start menu).
; What it never touches: the data folder %LOCALAPPDATA%\Fieldbook (the incidents, the
; unsynced work, reports, logs, backups) and the settings under HKCU\Software\Fieldbook.
; Uninstalling leaves both; installing a new version over an old one keeps them too.

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif
; Paths relative to this file (installer\windows\) unless given on the command line.
#ifndef BundleDir
  #define BundleDir "..\..\dist\fieldbook"
#endif
#ifndef IconFile
  #define IconFile "..\..\build\installer\fieldbook.ico"
#endif
#define AppName "Fieldbook"
#define AppExe "fieldbookw.exe"

[Setup]
; The AppId ties upgrades and the uninstaller together: never change it.
AppId={{591A6C2B-A154-48DA-9EFA-5193E59AF4E5}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=Fieldbook
AppComments=Record on-site emergency IT work against an SLA, offline, and give the client a signed service report.
VersionInfoVersion={#AppVersion}
; Per user: no UAC prompt; {autopf} is then %LOCALAPPDATA%\Programs.
PrivilegesRequired=lowest
DefaultDirName={autopf}\{#AppName}
DisableProgramGroupPage=yes
DefaultGroupName={#AppName}
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
; Close a running Fieldbook before replacing its files (the window saves on close).
CloseApplications=yes
RestartApplications=no
SetupIconFile={#IconFile}
UninstallDisplayIcon={app}\fieldbook.exe
UninstallDisplayName={#AppName}
OutputDir=..\..\dist
OutputBaseFilename=fieldbook-{#AppVersion}-windows-x64-setup
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[InstallDelete]
; An upgrade replaces the whole bundle: a file of the old version left behind (a removed
; database migration, say) must not be picked up by the new one.
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "{#BundleDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"; WorkingDir: "{app}"; Comment: "Fieldbook"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; WorkingDir: "{app}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

[UninstallDelete]
; Only the bundle's own folder (in case anything was written into it at run time); the
; rest of {app} goes as installed, and {app} itself once empty. The data folder
; %LOCALAPPDATA%\Fieldbook is deliberately not listed: uninstalling keeps the data.
Type: filesandordirs; Name: "{app}\_internal"

[Code]
procedure CurUninstallStepChanged(CurUninstallStep: TUninstallStep);
var
  DataDir: String;
begin
  if (CurUninstallStep = usPostUninstall) and not UninstallSilent then
  begin
    DataDir := ExpandConstant('{localappdata}\Fieldbook');
    if DirExists(DataDir) then
      MsgBox('Fieldbook has been removed. Your data (incidents, reports, work not yet ' +
             'synced) is kept in ' + DataDir + '.' + #13#10 +
             'Install Fieldbook again to use it, or delete that folder yourself.',
             mbInformation, MB_OK);
  end;
end;
