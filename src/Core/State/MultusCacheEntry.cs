using System.Collections.Immutable;
using Multi.Core.Delegates;

namespace Multi.Core.State;

/// <summary>One delegate of a Multus cache file, with the interface name Multus gave it and what the pod requested.</summary>
public sealed record MultusCacheEntry(int Position, string IfName, NetworkConfigList Network, string? MacRequest, ImmutableArray<string> IpRequest);
