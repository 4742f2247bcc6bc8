using System.Collections.Immutable;
using System.Net;

namespace Multi.Core.Annotations;

/// <summary>One attachment's <c>default-route</c> key: null when absent, empty when present and empty.</summary>
public sealed record DefaultRouteRequest(int Position, string Network, ImmutableArray<IPAddress>? Gateways);
