package hudson.model;

/** Stand-in of core {@code hudson.model.ModelObject}. */
public interface ModelObject {
    String getDisplayName();
}
