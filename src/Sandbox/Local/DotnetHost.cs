namespace Multi.Sandbox.Local;

/// <summary>The <c>dotnet</c> host for a framework-dependent dll: the one running us when it is <c>dotnet</c> (a test runner), else the one on PATH.</summary>
internal static class DotnetHost
{
    public static string Executable =>
        Environment.ProcessPath is { } p && Path.GetFileNameWithoutExtension(p) == "dotnet" ? p : "dotnet";
}
