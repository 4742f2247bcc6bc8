namespace Multi.Cni.Tests.Ipam;

/// <summary>The system clock, <paramref name="shift"/> ahead in wall time only (timers and timestamps stay real): makes claims look old to GC.</summary>
internal sealed class ShiftedClock(TimeSpan shift) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + shift;
}
