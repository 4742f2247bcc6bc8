namespace Multi.Sandbox.ApiServer;

/// <summary>
/// One request as the server received it, numbered from 1 per server in arrival order. <see cref="Authorization"/>
/// is the raw header and <see cref="ClientCertificateSubject"/> the subject of a TLS client certificate, so tests can
/// see which credentials a client sent (this is a test bed: nothing is checked).
/// </summary>
internal sealed record ApiRequestInfo(
    long Sequence,
    string Method,
    string Path,
    string Query,
    string? ContentType,
    string? Authorization = null,
    string? ClientCertificateSubject = null,
    string? UserAgent = null);
