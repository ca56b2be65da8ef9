<#
.SYNOPSIS
  Installs the OpenClaw Deploy agent as the Windows service "OpenClawAgent".

.DESCRIPTION
  Run from an elevated PowerShell in the unpacked distribution:
    powershell -ExecutionPolicy Bypass -File bin\install-service.ps1 [-AgentHome C:\OpenClaw] [-Account "NT SERVICE\OpenClawAgent"] [-Start]
    powershell -ExecutionPolicy Bypass -File bin\install-service.ps1 -Credential (Get-Credential CORP\svc-openclaw) [-NoGrantLogonRight] [-Start]
  1. checks that Java 17 or newer is available (JAVA_HOME, else java.exe on PATH);
  2. creates the home (C:\OpenClaw by default) and runs 'openclaw-agent init' unless the home already has conf\agent.yaml;
  3. copies the agent jar to HOME\Agent so the service does not depend on this unpacked folder;
  4. runs 'openclaw-agent service install'. With -Credential (an account that has a password), the password goes to
     it through standard input (--password-stdin): never on a command line, never in a file, and the account is
     granted "Log on as a service" (exit 8 if that fails: the service is installed, grant the right by hand);
     -NoGrantLogonRight leaves that right to Group Policy.
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

$principal = New-Object Security.Principal.WindowsPrincipal([Security.Principal.WindowsIdentity]::GetCurrent())
if (-not $principal.IsInRole([Security.Principal.WindowsBuiltInRole]::Administrator)) {
    Write-Error "Run this script from an elevated PowerShell (Run as administrator)."
    exit 3
}

$java = if ($env:JAVA_HOME) { Join-Path $env:JAVA_HOME "bin\java.exe" } else { (Get-Command java.exe -ErrorAction SilentlyContinue).Source }
if (-not $java -or -not (Test-Path $java)) {
    Write-Error "Java 17 or newer is required: install it and set JAVA_HOME (or put java.exe on PATH)."
    exit 2
}
# 'java -version' writes to stderr: e.g. openjdk version "17.0.12" 2024-07-16
$versionLine = (& $java -version 2>&1 | Select-Object -First 1).ToString()
if ($versionLine -notmatch '"(\d+)(\.[^"]*)?"' -or [int]$Matches[1] -lt 17) {
    Write-Error "Java 17 or newer is required; $java is: $versionLine"
    exit 2
}

$dist = Split-Path -Parent $PSScriptRoot
$agentDir = Join-Path $AgentHome "Agent"
New-Item -ItemType Directory -Force -Path $agentDir | Out-Null
Copy-Item -Force (Join-Path $dist "lib\openclaw-agent.jar") (Join-Path $agentDir "openclaw-agent.jar")
$jar = Join-Path $agentDir "openclaw-agent.jar"

if (-not (Test-Path (Join-Path $AgentHome "conf\agent.yaml"))) {
    & $java -jar $jar init --home $AgentHome
    if ($LASTEXITCODE -ne 0) { Write-Error "init failed (exit $LASTEXITCODE)"; exit $LASTEXITCODE }
}

if ($Credential) {
    if ($Account -and $Account -ne $Credential.UserName) {
        Write-Error "-Account $Account and -Credential $($Credential.UserName) name different accounts; give one."
        exit 2
    }
    $Account = $Credential.UserName
}

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
    & $java @installArgs
    $installExit = $LASTEXITCODE
}
if ($installExit -ne 0) { exit $installExit }

if ($Start) {
    & $java -jar $jar service start
    exit $LASTEXITCODE
}
Write-Host "Installed. Start it with: Start-Service OpenClawAgent  (or: $java -jar $jar service start)"
