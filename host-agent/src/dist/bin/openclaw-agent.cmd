@echo off
rem Runs the OpenClaw Deploy host agent: openclaw-agent <command> [options]; see "openclaw-agent --help".
rem JAVA_HOME selects the Java (17 or newer); OPENCLAW_JAVA_OPTS adds JVM options (after these, so they win).
rem serve and service get a bounded heap and direct memory (docs/configuration.md, "Memory of the agent"); the
rem other commands are short CLI calls and get the quick-starting options.
setlocal
set "JAVA_EXE=java.exe"
if defined JAVA_HOME set "JAVA_EXE=%JAVA_HOME%\bin\java.exe"
rem Keep in step with AgentJvmOptions.SERVER (the service's options); AgentJvmOptionsTest checks it.
set "SERVER_OPTS=-Xms32m -Xmx128m -XX:MaxDirectMemorySize=32m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:ReservedCodeCacheSize=32m"
set "OPTS=-XX:TieredStopAtLevel=1 -XX:CICompilerCount=1 -XX:+UseSerialGC -XX:-UsePerfData -Xshare:auto"
if /i "%~1"=="serve" set "OPTS=%SERVER_OPTS%"
if /i "%~1"=="service" set "OPTS=%SERVER_OPTS%"
rem The main class named, not -jar: -jar reads the manifest and closes the jar, which is then opened again.
"%JAVA_EXE%" %OPTS% %OPENCLAW_JAVA_OPTS% -cp "%~dp0..\lib\openclaw-agent.jar" io.openclaw.deploy.agent.cli.Main %*
exit /b %ERRORLEVEL%
