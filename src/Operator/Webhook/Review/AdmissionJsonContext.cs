using System.Text.Json.Serialization;

namespace Multi.Operator.Webhook.Review;

/// <summary>Source-generated (NativeAOT) reading and writing of AdmissionReviews; strict about types, lenient about unknown keys.</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, MaxDepth = 128)]
[JsonSerializable(typeof(AdmissionReview))]
internal sealed partial class AdmissionJsonContext : JsonSerializerContext;
