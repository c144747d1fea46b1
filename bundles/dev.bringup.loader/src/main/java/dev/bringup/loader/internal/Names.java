package dev.bringup.loader.internal;

/** Devicetree names as the kernel prints them. */
final class Names {

    private Names() {
    }

    /** {@code it.node->name}: the node name without its unit address ({@code vdev0buffer} for {@code vdev0buffer@10042000}). */
    static String base(String nodeName) {
        int at = nodeName.indexOf('@');
        return at < 0 ? nodeName : nodeName.substring(0, at);
    }
}
