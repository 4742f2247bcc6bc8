using System.Collections.Immutable;
using Multi.Core.Cni;

namespace Multi.Cni.Delegation;

/// <summary>Finds a plugin binary: each directory of the search path in order; the first executable match wins.</summary>
internal static class PluginLocator
{
    public static string Find(string type, ImmutableArray<string> searchPath)
    {
        if (string.IsNullOrEmpty(type) || type.Contains('/', StringComparison.Ordinal) || type.Contains('\\', StringComparison.Ordinal))
        {
            throw new CniException(CniErrorCode.InvalidNetworkConfig, $"plugin type \"{type}\" is not a plain binary name");
        }

        foreach (var dir in searchPath)
        {
            var candidate = Path.Combine(dir, type);
            if (File.Exists(candidate) && IsExecutable(candidate))
            {
                return candidate;
            }
        }

        throw new CniException(CniErrorCode.DelegateNotFound, $"failed to find plugin \"{type}\" in path [{string.Join(" ", searchPath)}]");
    }

    private static bool IsExecutable(string path) =>
        (File.GetUnixFileMode(path) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0;
}
