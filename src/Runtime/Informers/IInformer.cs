namespace Multi.Runtime.Informers;

public interface IInformer
{
    string Name { get; }

    /// <summary>True once the first full list has been stored and delivered to the handlers.</summary>
    bool HasSynced { get; }

    /// <summary>Lists, then watches until cancelled, surviving expired versions and API outages.</summary>
    Task RunAsync(CancellationToken cancellationToken);
}
