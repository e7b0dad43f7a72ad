package dev.wsengine.benchmarks.harness;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import javax.imageio.ImageIO;

/**
 * A grouped bar chart of the headline figures (or the ws client's): each server's median divided by the best peer's,
 * so 1.0 is the best peer and lower is better everywhere; drawn with Java2D, written with ImageIO.
 */
final class Chart {

    private static final Color[] COLORS = {new Color(0x1b9e77), new Color(0xd95f02), new Color(0x7570b3),
            new Color(0xe7298a), new Color(0x66a61e), new Color(0xe6ab02), new Color(0xa6761d)};
    private static final double CAP = 4.0;

    private Chart() {
    }

    static void write(Summary summary, String title, Path png) throws IOException {
        List<Metric> metrics = new ArrayList<>();
        for (Metric m : Metric.values()) {
            // A mode measures either the headlines or the ws client's figures; bars only for what it measured.
            if (m.charted() && summary.compare(m).isPresent()) {
                metrics.add(m);
            }
        }
        if (metrics.isEmpty()) {
            metrics.addAll(Arrays.stream(Metric.values()).filter(m -> m.headline).toList());
        }
        int width = 1100;
        int height = 560;
        int left = 70;
        int right = 20;
        int top = 60;
        int bottom = 110;
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, width, height);
            g.setColor(Color.BLACK);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
            g.drawString(title, left, 25);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
            g.drawString("median ÷ best peer's median (1.0 = best peer; lower is better; bars capped at " + CAP + ")", left, 45);
            int plotH = height - top - bottom;
            int plotW = width - left - right;
            g.setColor(new Color(0xdddddd));
            for (double y = 0; y <= CAP; y += 0.5) {
                int py = top + plotH - (int) (y / CAP * plotH);
                g.drawLine(left, py, left + plotW, py);
            }
            g.setColor(Color.BLACK);
            for (double y = 0; y <= CAP; y += 1) {
                int py = top + plotH - (int) (y / CAP * plotH);
                g.drawString(String.format(java.util.Locale.ROOT, "%.1f", y), left - 30, py + 4);
            }
            int one = top + plotH - (int) (1 / CAP * plotH);
            g.setStroke(new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f));
            g.drawLine(left, one, left + plotW, one);
            g.setStroke(new BasicStroke(1f));
            int groupW = plotW / metrics.size();
            int barW = (groupW - 30) / Report.COLUMNS.size();
            for (int i = 0; i < metrics.size(); i++) {
                Metric metric = metrics.get(i);
                Optional<Summary.Comparison> cmp = summary.compare(metric);
                int gx = left + i * groupW + 15;
                for (int j = 0; j < Report.COLUMNS.size(); j++) {
                    ServerKind server = Report.COLUMNS.get(j);
                    Optional<Summary.Cell> cell = summary.cell(metric, server);
                    if (cmp.isEmpty() || cell.isEmpty()) {
                        continue;
                    }
                    double ratio = cell.get().median() / cmp.get().best();
                    int h = (int) (Math.min(ratio, CAP) / CAP * plotH);
                    int x = gx + j * barW;
                    g.setColor(COLORS[j % COLORS.length]);
                    g.fillRect(x + 2, top + plotH - h, barW - 4, h);
                    g.setColor(Color.BLACK);
                    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
                    g.drawString(String.format(java.util.Locale.ROOT, "%.2f", ratio), x + 2, top + plotH - h - 3);
                }
                g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 12));
                g.drawString(metric.id, gx, top + plotH + 18);
            }
            int lx = left;
            int ly = height - 50;
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
            for (int j = 0; j < Report.COLUMNS.size(); j++) {
                String label = Report.COLUMNS.get(j).label;
                if (lx + 20 + g.getFontMetrics().stringWidth(label) > width - right) {
                    // Seven servers' labels take more than one line.
                    lx = left;
                    ly += 20;
                }
                g.setColor(COLORS[j % COLORS.length]);
                g.fillRect(lx, ly, 14, 14);
                g.setColor(Color.BLACK);
                g.drawString(label, lx + 20, ly + 12);
                lx += 40 + g.getFontMetrics().stringWidth(label);
            }
        } finally {
            g.dispose();
        }
        ImageIO.write(image, "png", png.toFile());
    }
}
