namespace Multi.Cni.Kube;

/// <summary>
/// The outcome of a create-if-absent: the created object as the server answered it (UTF-8 JSON), or null when the name was
/// taken; <see cref="Attempts"/> requests were sent (more than one: an earlier attempt, its answer lost, may have created it).
/// </summary>
internal readonly record struct KubeCreateAnswer(byte[]? Created, int Attempts);
