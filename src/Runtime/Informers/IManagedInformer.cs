namespace Multi.Runtime.Informers;

/// <summary>What the manager needs of an informer beyond <see cref="IInformer"/>: when it synced and when it last heard.</summary>
internal interface IManagedInformer : IInformer
{
    Task Synced { get; }

    TimeSpan LastEventAge { get; }

    InformerMetrics? Metrics { get; set; }
}
