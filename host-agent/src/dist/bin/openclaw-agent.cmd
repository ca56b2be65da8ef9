@echo off
rem Runs the OpenClaw Deploy host agent: openclaw-agent <command> [options]; see "openclaw-agent --help".
rem JAVA_HOME selects the Java (17 or newer); OPENCLAW_JAVA_OPTS adds JVM options.
setlocal
set "JAVA_EXE=java.exe"
if defined JAVA_HOME set "JAVA_EXE=%JAVA_HOME%\bin\java.exe"
"%JAVA_EXE%" %OPENCLAW_JAVA_OPTS% -jar "%~dp0..\lib\openclaw-agent.jar" %*
exit /b %ERRORLEVEL%
