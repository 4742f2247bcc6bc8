namespace Multi.Operator.Controllers.Reclaim;

/// <summary>What a conditioned delete of a claim came to.</summary>
internal enum ReleaseOutcome
{
    /// <summary>The claim was deleted: its address is free.</summary>
    Released,

    /// <summary>The claim's UID or resource version no longer matched: someone changed it since its fresh read; nothing was deleted.</summary>
    Changed,

    /// <summary>The claim was already gone.</summary>
    Gone,
}
