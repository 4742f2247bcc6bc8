namespace Multi.Operator.NodeAgent.Install;

/// <summary>
/// Keeps the thin path's credentials on the host: the service-account token copied to <see cref="InstallOptions.TokenPath"/>
/// (again whenever the projected token rotates) and the kubeconfig naming it. Files 0600, directories 0700.
/// </summary>
internal sealed class ThinCredentials(InstallOptions options, string server)
{
    /// <summary>What changed on this call: the token, the kubeconfig, both or neither.</summary>
    public (bool Token, bool Kubeconfig) Refresh()
    {
        var token = File.ReadAllBytes(Path.Combine(options.ServiceAccountDir, "token"));
        var ca = File.ReadAllBytes(Path.Combine(options.ServiceAccountDir, "ca.crt"));
        var kubeconfig = System.Text.Encoding.UTF8.GetBytes(ThinKubeconfig.Render(server, ca, options.TokenPath));

        AtomicFile.EnsureDirectory(options.TokenDir, AtomicFile.PrivateDirectory);
        AtomicFile.EnsureDirectory(Path.GetDirectoryName(options.KubeconfigPath)!, AtomicFile.PrivateDirectory);
        var tokenChanged = WriteIfChanged(options.TokenPath, token);
        var kubeconfigChanged = WriteIfChanged(options.KubeconfigPath, kubeconfig);
        return (tokenChanged, kubeconfigChanged);
    }

    private static bool WriteIfChanged(string path, byte[] content)
    {
        if (AtomicFile.HasContent(path, content))
        {
            File.SetUnixFileMode(path, AtomicFile.Private);
            return false;
        }

        AtomicFile.Write(path, content, AtomicFile.Private);
        return true;
    }
}
