<#
.SYNOPSIS
  Installs the OpenClaw Deploy agent as the Windows service "OpenClawAgent".

.DESCRIPTION
  Run from an elevated PowerShell in the unpacked distribution:
    powershell -ExecutionPolicy Bypass -File bin\install-service.ps1 [-AgentHome C:\OpenClaw] [-Account "NT SERVICE\OpenClawAgent"] [-Start]
    powershell -ExecutionPolicy Bypass -File bin\install-service.ps1 -Credential (Get-Credential CORP\svc-openclaw) [-NoGrantLogonRight] [-Start]
  1. checks that Java 17 or newer is available (JAVA_HOME, else java.exe on PATH);
  2. runs 'openclaw-agent init' unless the home (C:\OpenClaw by default) already has conf\agent.yaml: init creates the
     home with a protected ACL (SYSTEM, Administrators) before anything is written into it;
  3. copies the agent jar to HOME\Agent so the service does not depend on this unpacked folder;
  4. runs 'openclaw-agent service install', which also gives the service account (-Account, default LocalSystem)
     modify rights on the home and shuts everybody else out: no icacls needed. With -Credential (an account that has a password), the password goes to
     it through standard input (--password-stdin): never on a command line, never in a file, and the account is
     granted "Log on as a service" (exit 8 if that fails: the service is installed, grant the right by hand);
     -NoGrantLogonRight leaves that right to Group Policy.
  Exit status: 0 done, 2 no usable Java or bad arguments, 3 not elevated, else that of the failing agent command
  (4 already installed, 7 failure, 8 logon right not granted; see docs\install-windows.md).
  Written for Windows PowerShell 5.1 (powershell.exe) and PowerShell 7: native commands run with
  $ErrorActionPreference = "Continue" (5.1 turns their stderr lines into errors), errors go to stderr with an exit
  code instead of Write-Error (which ends a script with exit 1 under "Stop").
  It opens no firewall port: the API listens where conf\agent.yaml says (127.0.0.1 by default); see
  docs\install-windows.md for the firewall rule when Jenkins runs on another machine.
#>
param(
    [string]$AgentHome = "C:\OpenClaw",
    [string]$Account = "",
    [System.Management.Automation.PSCredential]$Credential = $null,
    [switch]$NoGrantLogonRight,
    [switch]$Start
)
$ErrorActionPreference = "Stop"

# Ends the script with $code. Not Write-Error: under "Stop" that throws, and the script would exit 1.
function Fail([int]$code, [string]$message) {
    [Console]::Error.WriteLine("install-service.ps1: $message")
    exit $code
}

# Runs java and returns its exit code; its output, stderr included, goes to the console as text. Locally "Continue":
# Windows PowerShell 5.1 wraps each stderr line of a native command in an error record, which under "Stop" would end
# the script at the first one (java -version writes only to stderr).
function Invoke-Java([string[]]$arguments) {
    $ErrorActionPreference = "Continue"
    & $java @arguments 2>&1 | ForEach-Object { Write-Host "$_" }
    return $LASTEXITCODE
}

# The first line java -version writes, e.g. openjdk version "17.0.12" 2024-07-16; same local "Continue" as above.
function Get-JavaVersionLine {
    $ErrorActionPreference = "Continue"
    $lines = @(& $java -version 2>&1 | ForEach-Object { "$_" })
    return ($lines | Where-Object { $_ -match 'version "' } | Select-Object -First 1)
}

$principal = New-Object Security.Principal.WindowsPrincipal([Security.Principal.WindowsIdentity]::GetCurrent())
if (-not $principal.IsInRole([Security.Principal.WindowsBuiltInRole]::Administrator)) {
    Fail 3 "Run this script from an elevated PowerShell (Run as administrator)."
}

$java = if ($env:JAVA_HOME) { Join-Path $env:JAVA_HOME "bin\java.exe" } else { (Get-Command java.exe -ErrorAction SilentlyContinue).Source }
if (-not $java -or -not (Test-Path $java)) {
    Fail 2 "Java 17 or newer is required: install it and set JAVA_HOME (or put java.exe on PATH)."
}
$versionLine = Get-JavaVersionLine
if ("$versionLine" -notmatch '"(\d+)(\.[^"]*)?"' -or [int]$Matches[1] -lt 17) {
    Fail 2 "Java 17 or newer is required; $java is: $versionLine"
}

if ($Credential) {
    if ($Account -and $Account -ne $Credential.UserName) {
        Fail 2 "-Account $Account and -Credential $($Credential.UserName) name different accounts; give one."
    }
    $Account = $Credential.UserName
}

$dist = Split-Path -Parent $PSScriptRoot
$distJar = Join-Path $dist "lib\openclaw-agent.jar"
# init first: it makes the home with a protected ACL, so the jar copied below never sits in a folder users may write.
if (-not (Test-Path (Join-Path $AgentHome "conf\agent.yaml"))) {
    $initExit = Invoke-Java @("-jar", $distJar, "init", "--home", $AgentHome)
    if ($initExit -ne 0) { Fail $initExit "init failed (exit $initExit)" }
}
$agentDir = Join-Path $AgentHome "Agent"
New-Item -ItemType Directory -Force -Path $agentDir | Out-Null
$jar = Join-Path $agentDir "openclaw-agent.jar"
Copy-Item -Force $distJar $jar
# One argument for a Windows command line (the rules java.exe parses by): quoted when it has spaces or quotes.
function ConvertTo-Argument([string]$value) {
    if ($value -and $value -notmatch '[\s"]') { return $value }
    $escaped = [regex]::Replace($value, '(\\*)"', '$1$1\"')
    $escaped = [regex]::Replace($escaped, '(\\+)$', '$1$1')
    return '"' + $escaped + '"'
}

# Runs java with the password on its standard input, written character by character from the SecureString's
# unmanaged copy (zeroed afterwards), so that no managed string holds it.
function Invoke-WithPassword([string[]]$arguments, [System.Security.SecureString]$secret) {
    $psi = New-Object System.Diagnostics.ProcessStartInfo
    $psi.FileName = $java
    $psi.Arguments = ($arguments | ForEach-Object { ConvertTo-Argument $_ }) -join ' '
    $psi.UseShellExecute = $false
    $psi.RedirectStandardInput = $true
    $inputEncoding = [Console]::InputEncoding
    [Console]::InputEncoding = New-Object System.Text.UTF8Encoding($false)  # what --password-stdin reads
    try {
        $process = [System.Diagnostics.Process]::Start($psi)
    } finally {
        [Console]::InputEncoding = $inputEncoding
    }
    $bstr = [Runtime.InteropServices.Marshal]::SecureStringToBSTR($secret)
    try {
        for ($i = 0; $i -lt $secret.Length; $i++) {
            $unit = [Runtime.InteropServices.Marshal]::ReadInt16($bstr, $i * 2) -band 0xFFFF  # UTF-16, unsigned
            $process.StandardInput.Write([char]$unit)
        }
        $process.StandardInput.Write("`n")
    } finally {
        [Runtime.InteropServices.Marshal]::ZeroFreeBSTR($bstr)
        $process.StandardInput.Close()
    }
    $process.WaitForExit()
    return $process.ExitCode
}

$installArgs = @("-jar", $jar, "service", "install", "--home", $AgentHome, "--java", $java, "--jar", $jar)
if ($Account) { $installArgs += @("--account", $Account) }
if ($NoGrantLogonRight) { $installArgs += @("--no-grant-logon-right") }
if ($Credential) {
    $installExit = Invoke-WithPassword ($installArgs + @("--password-stdin")) $Credential.Password
} else {
    $installExit = Invoke-Java $installArgs
}
if ($installExit -ne 0) { exit $installExit }

if ($Start) {
    exit (Invoke-Java @("-jar", $jar, "service", "start"))
}
Write-Host "Installed. Start it with: Start-Service OpenClawAgent  (or: $java -jar $jar service start)"
