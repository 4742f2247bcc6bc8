using System.Collections.Immutable;

namespace Multi.Operator.NodeAgent.Install;

/// <summary>The primary CNI configuration chosen: its file, network name, version and what its plugins declare.</summary>
internal sealed record PrimaryConf(string File, string? NetworkName, string CniVersion, ImmutableArray<string> Types, ImmutableArray<string> Capabilities);
