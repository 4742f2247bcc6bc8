using Multi.Operator.NodeAgent.CniServer.Reservations;

namespace Multi.Operator.NodeAgent.CniServer;

/// <summary>The node daemon's CNI server (section <c>Operator:Daemon</c>, agent mode): docs/operator.md, "Node daemon".</summary>
internal sealed class DaemonOptions
{
    public const string Section = "Operator:Daemon";

    /// <summary>Off by default, so an agent started by hand or by tests never binds a socket on this machine.</summary>
    public bool Enabled { get; set; }

    /// <summary>The Unix socket the shim connects to; its directory is created root-only (0700), the socket is 0600.</summary>
    public string SocketPath { get; set; } = "/run/multi/multi.sock";

    /// <summary>Requests of one plugin kind running at once; this bound keeps delegate children from exhausting the pod's memory.</summary>
    public int MaxConcurrent { get; set; } = 2 * Environment.ProcessorCount;

    /// <summary>Requests waiting for a slot; beyond that the answer is Unavailable and the shim runs the request itself.</summary>
    public int MaxQueued { get; set; } = 128;

    /// <summary>Bounds each request, its wait in the queue included; the shim waits slightly longer.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(120);

    /// <summary>How long a stopping daemon lets in-flight requests finish before it cancels them.</summary>
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Node-reserved claims for multi-ipam (section <c>Operator:Daemon:Reservations</c>).</summary>
    public NodeReservationOptions Reservations { get; set; } = new();
}
