<#
.SYNOPSIS
  The Windows checklist of docs\windows-service.md as a script: install, start, deploy, agent crash and adoption,
  stop, a refused insecure secret, uninstall. Prints PASS/FAIL per check; exits 0 when all passed, 1 at the first
  failure (the service and home are then left as they are, for a look).

.DESCRIPTION
  Run from an elevated Windows PowerShell 5.1 (or PowerShell 7) in the unpacked distribution, on a test machine
  without the OpenClawAgent service:
    powershell -NoProfile -ExecutionPolicy Bypass -File bin\windows-checklist.ps1 -SampleApp C:\Temp\openclaw-sample-app.zip
  -AgentHome   the home to create (default C:\OpenClawChecklist; must not exist)
  -SampleApp   the release zip to deploy (examples\sample-app\target\openclaw-sample-app.zip of a build)
  -KeepService leave the service installed at the end
  Java 17 or newer must be found as install-service.ps1 finds it (JAVA_HOME or PATH). The service runs as the virtual
  account NT SERVICE\OpenClawAgent and must be able to read that Java (a JDK under Program Files or the hosted tool
  cache is).
#>
param(
    [string]$AgentHome = "C:\OpenClawChecklist",
    [Parameter(Mandatory = $true)][string]$SampleApp,
    [switch]$KeepService
)
$ErrorActionPreference = "Stop"
$service = "OpenClawAgent"
$dist = Split-Path -Parent $PSScriptRoot
$java = if ($env:JAVA_HOME) { Join-Path $env:JAVA_HOME "bin\java.exe" } else { (Get-Command java.exe).Source }
$jar = Join-Path $AgentHome "Agent\openclaw-agent.jar"

function Pass([string]$what) { Write-Host "PASS  $what" }

function Fail([string]$what) {
    Write-Host "FAIL  $what"
    $log = Join-Path $AgentHome "logs\agent.log"
    if (Test-Path $log) { Write-Host "--- last lines of $log"; Get-Content $log -Tail 40 | ForEach-Object { Write-Host $_ } }
    exit 1
}

function Check([bool]$ok, [string]$what) { if ($ok) { Pass $what } else { Fail $what } }

# A native command with its stderr as text: "Continue" here, because Windows PowerShell 5.1 turns stderr lines into
# errors that "Stop" would end the script on. Returns @{ Code; Text }.
function Invoke-Native([string]$exe, [string[]]$arguments) {
    $ErrorActionPreference = "Continue"
    $text = (& $exe @arguments 2>&1 | ForEach-Object { "$_" }) -join "`n"
    return @{ Code = $LASTEXITCODE; Text = $text }
}

function Agent([string[]]$arguments) { return Invoke-Native $java (@("-jar", $jar) + $arguments) }

# Polls $condition (a script block) every second for up to $seconds.
function Wait-Until([int]$seconds, [scriptblock]$condition) {
    for ($i = 0; $i -lt $seconds; $i++) {
        if (& $condition) { return $true }
        Start-Sleep -Seconds 1
    }
    return [bool](& $condition)
}

function Get-ServicePid { return (Get-CimInstance Win32_Service -Filter "Name='$service'").ProcessId }

function Get-LoopPids {
    $status = Agent @("status", "--home", $AgentHome, "--json")
    if ($status.Code -ne 0) { return @() }
    $json = $status.Text | ConvertFrom-Json
    return @($json.loops | ForEach-Object { $_.instances } | ForEach-Object { [int]$_.pid } | Sort-Object)
}

function Test-Alive([int[]]$pids) { return @($pids | Where-Object { Get-Process -Id $_ -ErrorAction SilentlyContinue }) }

# Who besides SYSTEM, Administrators and the service account has an allow entry, by SID.
function Get-Strangers([string]$path) {
    $trusted = @("S-1-5-18", "S-1-5-32-544", (New-Object Security.Principal.NTAccount("NT SERVICE\$service")).Translate([Security.Principal.SecurityIdentifier]).Value)
    $acl = Get-Acl $path
    $sids = $acl.Access | Where-Object { $_.AccessControlType -eq "Allow" } |
        ForEach-Object { $_.IdentityReference.Translate([Security.Principal.SecurityIdentifier]).Value }
    return @{ Protected = $acl.AreAccessRulesProtected; Strangers = @($sids | Where-Object { $trusted -notcontains $_ }) }
}

# ---- 0. preconditions
$admin = (New-Object Security.Principal.WindowsPrincipal([Security.Principal.WindowsIdentity]::GetCurrent())).IsInRole([Security.Principal.WindowsBuiltInRole]::Administrator)
Check $admin "running elevated"
Check (-not (Get-Service $service -ErrorAction SilentlyContinue)) "no $service service installed yet"
Check (-not (Test-Path $AgentHome)) "$AgentHome does not exist yet"
Check (Test-Path $SampleApp) "sample release $SampleApp exists"
Write-Host "PowerShell $($PSVersionTable.PSVersion) ($($PSVersionTable.PSEdition)), Java $java"

# ---- 1. install with install-service.ps1 under Windows PowerShell 5.1, as the virtual account
$install = Invoke-Native "powershell.exe" @("-NoProfile", "-ExecutionPolicy", "Bypass", "-File", (Join-Path $dist "bin\install-service.ps1"), "-AgentHome", $AgentHome, "-Account", "NT SERVICE\$service")
Write-Host $install.Text
Check ($install.Code -eq 0) "install-service.ps1 under powershell.exe 5.1 exits 0 (was $($install.Code))"
$qc = (Invoke-Native "sc.exe" @("qc", $service)).Text
Check ($qc -match "AUTO_START\s+\(DELAYED\)") "sc qc: automatic (delayed) start"
Check ($qc -match "SERVICE_START_NAME\s*:\s*NT SERVICE\\$service") "sc qc: runs as NT SERVICE\$service"
Check ((Invoke-Native "sc.exe" @("qfailure", $service)).Text -match "RESTART") "sc qfailure: restarts on failure"
foreach ($path in @($AgentHome, (Join-Path $AgentHome "conf"), (Join-Path $AgentHome "conf\api-token"), $jar)) {
    $acl = Get-Strangers $path
    Check ($acl.Strangers.Count -eq 0) "$path : no one but SYSTEM, Administrators and the service account (others: $($acl.Strangers -join ', '))"
}
Check ((Get-Strangers $AgentHome).Protected -and (Get-Strangers (Join-Path $AgentHome "conf")).Protected) "home and conf inherit nothing from above"

# ---- 2. start
$started = Get-Date
Start-Service $service
Check (Wait-Until 120 { (Agent @("status", "--home", $AgentHome)).Code -eq 0 }) "service started, API answers"
$events = @(Get-WinEvent -FilterHashtable @{ LogName = "Application"; ProviderName = $service; StartTime = $started } -ErrorAction SilentlyContinue)
Check ($events.Count -ge 1 -and $events[0].Message -match "started") "Application event log: start event with readable text"

# ---- 3. deploy the sample app
$deploy = Agent @("deploy", "--home", $AgentHome, "--artifact", $SampleApp, "--wait")
Write-Host $deploy.Text
Check ($deploy.Code -eq 0) "deploy of the sample app succeeded"
$loops = Get-LoopPids
Check ($loops.Count -ge 15) "loops running: $($loops.Count)"
# Each health check asked GetExtendedTcpTable who listens on the loop's port; a failing call is logged once.
Check ((Select-String -Path (Join-Path $AgentHome "logs\agent.log") -Pattern "port owner check unavailable").Count -eq 0) "GetExtendedTcpTable answered: health checks were checked against the port's owner"

# ---- 4. kill the agent: loops survive, the SCM restarts it, the loops are adopted
$agentPid = Get-ServicePid
Stop-Process -Id $agentPid -Force
Check ((Test-Alive $loops).Count -eq $loops.Count) "agent pid $agentPid killed: every loop still runs"
Check (Wait-Until 120 { ($p = Get-ServicePid) -and $p -ne $agentPid -and (Agent @("status", "--home", $AgentHome)).Code -eq 0 }) "SCM restarted the agent (failure action)"
$adopted = Get-LoopPids
Check (($adopted -join ",") -eq ($loops -join ",")) "restarted agent adopted the same loop pids"
Check ((Select-String -Path (Join-Path $AgentHome "logs\agent.log") -Pattern "adopted ").Count -ge $loops.Count) "agent.log: adopted each loop"

# ---- 5. stop the service: it stops the loops, by their HTTP shutdown request
Stop-Service $service
Check ((Get-Service $service).Status -eq "Stopped") "service stopped"
Check (Wait-Until 10 { (Test-Alive $loops).Count -eq 0 }) "no loop process left"
$byHttp = (Select-String -Path (Join-Path $AgentHome "logs\agent.log") -Pattern "stopped by http").Count
$killed = (Select-String -Path (Join-Path $AgentHome "logs\agent.log") -Pattern "pid \d+ killed").Count
Check ($byHttp -ge $loops.Count -and $killed -eq 0) "agent.log: every loop stopped by http ($byHttp), none killed ($killed)"
$stopEvents = @(Get-WinEvent -FilterHashtable @{ LogName = "Application"; ProviderName = $service; StartTime = $started } -ErrorAction SilentlyContinue | Where-Object { $_.Message -match "stopped" })
Check ($stopEvents.Count -ge 1) "Application event log: stop event"

# ---- 6. a secret readable by Users is refused: exit code 11
$token = Join-Path $AgentHome "conf\api-token"
Invoke-Native "icacls.exe" @($token, "/grant", "*S-1-5-32-545:(R)") | Out-Null
Invoke-Native "sc.exe" @("start", $service) | Out-Null
Check (Wait-Until 60 { (Get-Service $service).Status -eq "Stopped" -and (Invoke-Native "sc.exe" @("query", $service)).Text -match "SERVICE_EXIT_CODE\s*:\s*11\b" }) "token readable by Users: the service stops with exit code 11"
Invoke-Native "icacls.exe" @($token, "/remove:g", "*S-1-5-32-545") | Out-Null

# ---- 7. uninstall (the failure actions may be about to restart it: marked for deletion, it is not started again)
if (-not $KeepService) {
    $uninstall = Agent @("service", "uninstall")
    Check ($uninstall.Code -eq 0) "service uninstall exits 0"
    Check (Wait-Until 120 { Stop-Service $service -ErrorAction SilentlyContinue; -not (Get-Service $service -ErrorAction SilentlyContinue) }) "service is gone"
} else {
    Stop-Service $service -ErrorAction SilentlyContinue
}
Write-Host "All checks passed."
exit 0
