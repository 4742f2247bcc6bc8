namespace Multi.Operator.NodeAgent.CniServer;

/// <summary>What a connection asked for, as far as it was read: the metric labels and the container for the logs.</summary>
internal sealed record Served(string Plugin, string Verb, string? ContainerId);
