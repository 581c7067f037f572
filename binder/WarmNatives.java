import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Run by binder/postBuild (Java's single-file source launcher): one small ND4J product, so that
 * JavaCPP unpacks ND4J's and OpenBLAS's native libraries into its cache while the image is built,
 * not on the first call of every Binder session.
 */
public final class WarmNatives {
    public static void main(String[] args) {
        INDArray a = Nd4j.create(new float[] {1, 2, 3, 4}, 2, 2);
        float trace = a.mmul(a).getFloat(0, 0) + a.mmul(a).getFloat(1, 1);
        if (trace != 29f) {
            throw new IllegalStateException("ND4J computed trace(A*A) = " + trace + ", expected 29");
        }
        System.out.println("WarmNatives: ND4J " + Nd4j.getBackend().getClass().getSimpleName() + " loaded");
    }
}
