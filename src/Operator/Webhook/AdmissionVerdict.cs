namespace Multi.Operator.Webhook;

/// <summary>
/// What a review handler decides: admitted or denied with a message naming the field and the rule, warnings kubectl
/// shows either way, and for the mutating endpoint a JSON Patch (RFC 6902, the JSON text before base64).
/// </summary>
internal sealed record AdmissionVerdict(bool Allowed, string? Message = null, IReadOnlyList<string>? Warnings = null, string? Patch = null)
{
    public static AdmissionVerdict Allow { get; } = new(true);

    public static AdmissionVerdict Deny(string message) => new(false, message);

    public static AdmissionVerdict AllowWithWarnings(IReadOnlyList<string> warnings) => warnings.Count == 0 ? Allow : new(true, null, warnings);
}
