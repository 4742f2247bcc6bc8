using Multi.Operator.Webhook;
using Multi.Operator.Webhook.Review;

namespace Multi.Operator.Tests.Webhook;

public sealed class WebhookEndpointsTests
{
    [Theory]
    [InlineData("admission.k8s.io/v1", "AdmissionReview", true, "u1", null)]
    [InlineData("admission.k8s.io/v1beta1", "AdmissionReview", true, "u1", "only admission.k8s.io/v1 AdmissionReview is served, not apiVersion \"admission.k8s.io/v1beta1\" kind \"AdmissionReview\"")]
    [InlineData("admission.k8s.io/v1", "Pod", true, "u1", "not apiVersion \"admission.k8s.io/v1\" kind \"Pod\"")]
    [InlineData(null, null, true, "u1", "not apiVersion \"\" kind \"\"")]
    [InlineData("admission.k8s.io/v1", "AdmissionReview", false, null, "the AdmissionReview has no request")]
    [InlineData("admission.k8s.io/v1", "AdmissionReview", true, "", "request.uid is missing")]
    public void Check_Review_RequestOrTheProblem(string? apiVersion, string? kind, bool hasRequest, string? uid, string? problem)
    {
        var review = new AdmissionReview { ApiVersion = apiVersion, Kind = kind, Request = hasRequest ? new AdmissionRequest { Uid = uid } : null };

        var (request, found) = WebhookEndpoints.Check(review);

        Assert.Equal(problem is null, request is not null);
        if (problem is not null)
        {
            Assert.Contains(problem, found, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Response_Denial_CarriesStatus422AndTheMessage()
    {
        var response = WebhookEndpoints.Response("u", AdmissionVerdict.Deny("spec.config: bad"));

        Assert.Equal(("u", false, 422, "Invalid", "spec.config: bad"), (response.Uid, response.Allowed, response.Status!.Code, response.Status.Reason, response.Status.Message));
        Assert.Null(response.Patch);
    }

    [Fact]
    public void Response_Patch_Base64JsonPatchWithItsType()
    {
        var response = WebhookEndpoints.Response("u", new AdmissionVerdict(true, Patch: "[]"));

        Assert.Equal(("W10=", "JSONPatch"), (response.Patch, response.PatchType));
        Assert.Null(response.Status);
    }
}
