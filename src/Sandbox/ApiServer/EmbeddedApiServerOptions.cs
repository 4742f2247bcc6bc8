namespace Multi.Sandbox.ApiServer;

/// <summary>
/// How the embedded API server runs. <see cref="PersistenceDirectory"/> null keeps everything in memory;
/// <see cref="EventLogCapacity"/> bounds how far back a watch can resume before it gets 410 Expired.
/// </summary>
internal sealed record EmbeddedApiServerOptions
{
    public string? PersistenceDirectory { get; init; }

    public int EventLogCapacity { get; init; } = 10_000;

    public TimeSpan BookmarkInterval { get; init; } = TimeSpan.FromSeconds(1);

    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}
