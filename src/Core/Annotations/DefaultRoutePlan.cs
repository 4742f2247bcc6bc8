namespace Multi.Core.Annotations;

/// <summary>The per-family plan; <see cref="Active"/> is false when no attachment carried <c>default-route</c>.</summary>
public sealed record DefaultRoutePlan(bool Active, FamilyRoutePlan IPv4, FamilyRoutePlan IPv6)
{
    public static DefaultRoutePlan Inactive { get; } = new(false, FamilyRoutePlan.Untouched, FamilyRoutePlan.Untouched);
}
