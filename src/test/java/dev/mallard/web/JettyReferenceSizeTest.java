package dev.mallard.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class JettyReferenceSizeTest {
    private String saved;

    @BeforeEach
    void clearProperty() {
        saved = System.getProperty(JettyReferenceSize.PROPERTY);
        System.clearProperty(JettyReferenceSize.PROPERTY);
    }

    @AfterEach
    void restoreProperty() {
        if (saved == null) {
            System.clearProperty(JettyReferenceSize.PROPERTY);
        } else {
            System.setProperty(JettyReferenceSize.PROPERTY, saved);
        }
    }

    @Test
    void tellsJettyHowManyReferencesFitInACacheLineOfThisJvm() {
        JettyReferenceSize.tellJetty();

        boolean compressed = Boolean.parseBoolean(ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class)
                .getVMOption("UseCompressedOops").getValue());
        assertThat(System.getProperty(JettyReferenceSize.PROPERTY)).isEqualTo(compressed ? "16" : "8");
    }

    @Test
    void keepsAValueTheUserSet() {
        System.setProperty(JettyReferenceSize.PROPERTY, "4");

        JettyReferenceSize.tellJetty();

        assertThat(System.getProperty(JettyReferenceSize.PROPERTY)).isEqualTo("4");
    }
}
