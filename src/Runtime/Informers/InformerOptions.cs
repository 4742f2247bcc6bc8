namespace Multi.Runtime.Informers;

public sealed record InformerOptions
{
    /// <summary>Zero: no periodic resync. Otherwise every cached object is re-delivered as <c>OnUpdate(obj, obj)</c> this often.</summary>
    public TimeSpan ResyncPeriod { get; init; } = TimeSpan.Zero;

    /// <summary>Applied to every object before it is stored (e.g. trimming managedFields); must return a T.</summary>
    public Func<object, object>? Transform { get; init; }
}
