using System.Collections.Immutable;
using Multi.Core.Cni;

namespace Multi.Cni.Delegation;

/// <summary>
/// One execution of a delegate plugin binary. <see cref="Variables"/> are the CNI variables to set; a null
/// value removes an inherited variable (STATUS and GC carry no attachment variables).
/// </summary>
internal sealed record PluginCall(
    string Type,
    CniCommand Command,
    IReadOnlyDictionary<string, string?> Variables,
    byte[] Stdin,
    ImmutableArray<string> SearchPath,
    TimeSpan Timeout,
    string Label);

/// <summary>What the plugin printed and how it exited.</summary>
internal sealed record PluginOutput(int ExitCode, byte[] Stdout, string Stderr);

/// <summary>The seam between the meta-plugin and the processes it starts.</summary>
internal interface IPluginExecutor
{
    /// <summary>
    /// Runs the plugin. Throws <see cref="CniException"/> with code 100 when the binary is not found and 101 when
    /// it cannot be started, times out or is killed.
    /// </summary>
    Task<PluginOutput> ExecuteAsync(PluginCall call, CancellationToken cancellationToken);
}
