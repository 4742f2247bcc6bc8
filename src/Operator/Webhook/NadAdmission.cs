using Multi.Core.Validation;
using Multi.Operator.Controllers.NadValidation;
using Multi.Operator.Entities;

namespace Multi.Operator.Webhook;

/// <summary>
/// NAD CREATE and UPDATE (npwg-behaviour.md, sections 5 and 14; host-interfaces.md, section 10): the validator the NAD
/// validation controller judges with, so a NAD the webhook admits is one that controller calls valid. Its notes (no
/// cniVersion, no name, a config on the node) come back as warnings.
/// </summary>
internal static class NadAdmission
{
    public static AdmissionVerdict Validate(NadResource nad, string? requestNamespace)
    {
        var definition = WebhookCaches.ToCore(nad);
        if (string.IsNullOrEmpty(definition.Namespace) && !string.IsNullOrEmpty(requestNamespace))
        {
            definition = definition with { Namespace = requestNamespace };
        }

        var verdict = NadConfigValidator.Validate(definition);
        return verdict.Valid
            ? AdmissionVerdict.AllowWithWarnings(verdict.Notes)
            : AdmissionVerdict.Deny($"NetworkAttachmentDefinition {definition.QualifiedName} is invalid: {NadVerdictAnnotation.Message(verdict)}");
    }
}
