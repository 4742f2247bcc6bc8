namespace Multi.Core.Annotations;

/// <summary>What a family's default routes become after the delegates ran (npwg-behaviour.md, section 8).</summary>
public enum DefaultRouteMode
{
    /// <summary>No attachment asked for anything in this family: routes stay as the delegates installed them.</summary>
    Untouched,

    /// <summary><see cref="FamilyRoutePlan.GatewayPosition"/> gets a default route via the gateway; all others lose theirs.</summary>
    Gateway,

    /// <summary>The attachments of <see cref="FamilyRoutePlan.KeepPositions"/> keep their own routes; all others lose theirs.</summary>
    KeepOwn,
}
