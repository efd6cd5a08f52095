/// daemondeck's version, as `--version` prints it and recordings carry it in their header.
public enum DeckVersion {
    public static let text = "0.6.0"
}
